import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrateDown, migrateUp, migrationStatus } from '../../../src/platform/db/migrate.ts';
import { createTestDatabase } from '../../support/db.ts';

test('two processes migrating at once apply each migration once', async (t) => {
  const { sql } = await createTestDatabase(t, { migrate: false });
  const [first, second] = await Promise.all([migrateUp(sql), migrateUp(sql)]);
  assert.ok(first.length > 0 || second.length > 0);
  assert.deepEqual([...first, ...second].sort(), [...new Set([...first, ...second])].sort());
  assert.deepEqual(await migrationStatus(sql), []);
});

test('running up twice is a no-op', async (t) => {
  const { sql } = await createTestDatabase(t);
  assert.deepEqual(await migrateUp(sql), []);
});

test('down reverts the last migration and up applies it again', async (t) => {
  const { sql } = await createTestDatabase(t);
  const reverted = await migrateDown(sql);
  assert.equal(reverted.length, 1);
  assert.deepEqual(await migrationStatus(sql), reverted);
  assert.deepEqual(await migrateUp(sql), reverted);
});

test('a failing migration leaves nothing half-applied', async (t) => {
  const { sql } = await createTestDatabase(t);
  const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/concord-mig-'));
  const { writeFile, cp } = await import('node:fs/promises');
  await cp(new URL('../../../migrations', import.meta.url), dir, { recursive: true });
  await writeFile(
    `${dir}/99999-broken.mjs`,
    "export async function up(sql) { await sql`create table half_done (x int)`; await sql`select nope`; }\n",
  );
  await assert.rejects(migrateUp(sql, dir), /99999-broken.mjs \(up\) failed/);
  const [row] = await sql`select to_regclass('half_done') as t`;
  assert.equal(row?.t, null);
  assert.deepEqual(await migrationStatus(sql, dir), ['99999-broken.mjs']);
});
