// Every named query in the *.sql files under src/ is prepared against the migrated schema, so a typo or a dropped column
// fails here rather than in production.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { moduleSchemaOf } from '../../../src/module-kit/migrations.ts';
import { migrateModules } from '../../../src/module-kit/start.ts';
import { BUILT_IN_MODULES } from '../../../src/modules/index.ts';
import { parseNamedQueries } from '../../../src/platform/db/named-queries.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { createTestDatabase } from '../../support/db.ts';

const src = join(import.meta.dirname, '../../../src');
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.sql'));

test('every named query prepares against the migrated schema', async (t) => {
  const { sql, schema } = await createTestDatabase(t);
  // The built-in modules' queries run in their own schemas, made by their own migrations.
  await migrateModules(sql, BUILT_IN_MODULES, undefined, createLogger('silent'));
  let count = 0;
  for (const file of files) {
    const queries = parseNamedQueries(readFileSync(join(src, file), 'utf8'));
    const module = /^modules\/([^/]+)\//.exec(file)?.[1];
    // A module's migration steps are SQL files too: none named, or named steps in migrations.sql.
    if (module && (Object.keys(queries).length === 0 || file.endsWith('/migrations.sql'))) continue;
    assert.ok(Object.keys(queries).length > 0, `${file} has no named queries`);
    for (const [name, text] of Object.entries(queries)) {
      await t.test(`${file}: ${name}`, async () => {
        if (!module) return void (await sql.unsafe(text).describe());
        await sql.begin(async (tx) => {
          await tx.unsafe(`set local search_path to "${moduleSchemaOf(schema, module)}", "${schema}"`);
          await tx.unsafe(text).describe();
        });
      });
      count++;
    }
  }
  assert.ok(count >= 10);
});

test('a query with a typo fails to prepare', async (t) => {
  const { sql } = await createTestDatabase(t);
  await assert.rejects(sql.unsafe('select nme from custom_commands').describe(), /column "nme" does not exist/);
});

test('the parser splits files on "-- name:" lines and drops comments', () => {
  const queries = parseNamedQueries('-- header\n\n-- name: a\n-- about a\nselect 1;\n\n-- name: b\nselect\n  2\n');
  assert.deepEqual(queries, { a: 'select 1', b: 'select\n  2' });
});
