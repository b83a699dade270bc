// What backup and restore refuse: one line on stderr, exit code 1, no stack, and the database (or the
// file already there) as it was. A restore that fails part-way leaves the database as empty as it found it.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Sql } from '../../../../src/platform/db/connect.ts';
import { listMigrations, migrateUp } from '../../../../src/platform/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../../../src/platform/paths.ts';
import { type CliResult, runCli } from '../../../support/cli.ts';
import { createTestDatabase } from '../../../support/db.ts';
import { createOwnDatabase } from '../../../support/own-database.ts';

const dir = await mkdtemp(join(tmpdir(), 'concord-backup-'));
test.after(() => rm(dir, { recursive: true, force: true }));

/** A backup of a schema holding a few commands (their names and versions) and 2,000 log rows. */
async function makeBackup(t: Parameters<typeof createTestDatabase>[0], name: string): Promise<string> {
  const source = await createTestDatabase(t);
  await source.sql`insert into custom_commands (guild_id, name, response) values ('1', 'hello', 'Hi ✓'), ('1', 'bye', 'Bye'), (null, 'ping', 'pong')`;
  await source.sql`insert into command_versions (command_id, version, action, snapshot, source) select id, 1, 'create', '{}', 'api' from custom_commands`;
  await source.sql`
    insert into command_logs (occurred_at, user_id, command, source, status, event_id)
    select now() - g * interval '1 minute', 'u' || g % 7, 'hello', 'prefix', 'ok', 'e' || g from generate_series(1, 2000) g`;
  const file = join(dir, name);
  const result = await runCli(['backup', file], { DATABASE_URL: source.url });
  assert.equal(result.code, 0, result.stderr);
  return file;
}

/** A copy of a backup with its decompressed lines changed by `edit`, gzipped again. */
async function edited(file: string, name: string, edit: (lines: string[]) => string[]): Promise<string> {
  const copy = join(dir, name);
  await writeFile(copy, gzipSync(edit(gunzipSync(await readFile(file)).toString().split('\n')).join('\n')));
  return copy;
}

/** Each table of the connection's schema with its rows (as text): what must not change. */
async function contentsOf(sql: Sql): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = current_schema() order by 1`;
  const contents: Record<string, string[]> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ rows: string[] }[]>(`select coalesce(array_agg(t::text order by t::text), '{}') as rows from "${name}" t`);
    contents[name] = row?.rows ?? [];
  }
  return contents;
}

function assertRefused(result: CliResult, line: RegExp) {
  assert.equal(result.code, 1, `exit code 1: ${result.stdout}${result.stderr}`);
  assert.match(result.stderr, line);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack');
}

/** The line of the table record for `table`, and the index of its first row. */
function rowsOf(lines: string[], table: string): number {
  const at = lines.findIndex((line) => line.startsWith(`{"table":{"schema":null,"name":"${table}"`));
  assert.ok(at > 0, table);
  return at + 1;
}

test('a backup from a newer Concord is refused, naming the migration this build lacks, before the database is touched', async (t) => {
  const file = await makeBackup(t, 'newer.backup');
  const target = await createOwnDatabase(t, { migrate: false });
  const newer = await edited(file, 'newer-migration.backup', ([header, ...rest]) => {
    const parsed = JSON.parse(header ?? '');
    return [JSON.stringify({ ...parsed, concord_version: '9.0.0', migrations: [...parsed.migrations, '99999-from-the-future.mjs'] }), ...rest];
  });
  assertRefused(
    await runCli(['restore', newer], { DATABASE_URL: target.url }),
    new RegExp(`^${newer} is from a newer Concord \\(9\\.0\\.0\\): its migration 99999-from-the-future\\.mjs is not in this build; upgrade Concord, then restore\\n$`),
  );
  const newerFormat = await edited(file, 'newer-format.backup', ([header, ...rest]) => [JSON.stringify({ ...JSON.parse(header ?? ''), concord_version: '9.0.0', format_version: 2 }), ...rest]);
  assertRefused(await runCli(['restore', newerFormat], { DATABASE_URL: target.url }), /was written by a newer Concord \(9\.0\.0, backup format 2\): upgrade Concord to restore it/);
  assert.deepEqual(await contentsOf(target.sql), {}, 'not even migrated');
});

test('a database that is not empty is refused, and keeps its rows as they were', async (t) => {
  const file = await makeBackup(t, 'full.backup');
  const target = await createOwnDatabase(t);
  await target.sql`insert into custom_commands (guild_id, name, response) values ('2', 'mine', 'Mine')`;
  const before = await contentsOf(target.sql);
  assertRefused(
    await runCli(['restore', file], { DATABASE_URL: target.url }),
    /^the database is not empty \((command_names|custom_commands) has rows\): restore into a new database, or a new DATA_DIR, before Concord first starts on it\n$/,
  );
  assert.deepEqual(await contentsOf(target.sql), before);
});

test('what is not a backup is refused in one line', async (t) => {
  const target = await createOwnDatabase(t, { migrate: false });
  const files = {
    text: join(dir, 'notes.txt'),
    gzipped: join(dir, 'notes.txt.gz'),
    json: join(dir, 'other.json'),
    empty: join(dir, 'empty'),
    binary: join(dir, 'blob.bin'),
    folder: join(dir, 'folder'),
  };
  await writeFile(files.text, 'shopping list\nmilk\n');
  await writeFile(files.gzipped, gzipSync('shopping list\nmilk\n'));
  await writeFile(files.json, '{"format":"something-else","format_version":1}\n');
  await writeFile(files.empty, '');
  await writeFile(files.binary, Buffer.alloc(2_000_000, 7));
  await mkdir(files.folder);
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.backup'), /^cannot read \S+missing\.backup: no such file or directory\n$/],
    [files.folder, /^cannot read \S+folder: it is a directory\n$/],
    [files.text, /^\S+notes\.txt is not a Concord backup\n$/],
    [files.gzipped, /^\S+notes\.txt\.gz is not a Concord backup\n$/],
    [files.json, /^\S+other\.json is not a Concord backup\n$/],
    [files.empty, /^\S+empty is not a Concord backup\n$/],
    [files.binary, /^\S+blob\.bin is not a Concord backup\n$/],
  ];
  const results = await Promise.all(cases.map(([file]) => runCli(['restore', file], { DATABASE_URL: target.url })));
  for (const [i, [, line]] of cases.entries()) assertRefused(results[i] as CliResult, line);
  assert.deepEqual(await contentsOf(target.sql), {});
});

test('a restore that fails part-way leaves the database as empty as it was, not even migrated', async (t) => {
  const file = await makeBackup(t, 'source.backup');
  const whole = await readFile(file);
  const cutShort = join(dir, 'cut-short.backup');
  await writeFile(cutShort, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const cases: [string, RegExp][] = [
    [cutShort, /is damaged or cut short \(unexpected end of file\)/],
    [await edited(file, 'no-end.backup', (lines) => lines.slice(0, -3)), /is cut short: its last record is missing/],
    [
      await edited(file, 'bad-value.backup', (lines) => {
        const at = rowsOf(lines, 'custom_commands');
        // use_count, a bigint, is the 9th column.
        lines[at] = (lines[at] ?? '').split('\t').map((value, i) => (i === 8 ? 'many' : value)).join('\t');
        return lines;
      }),
      /^custom_commands cannot be restored: invalid input syntax for type bigint: "many"\n$/,
    ],
    [
      await edited(file, 'short-row.backup', (lines) => {
        const at = rowsOf(lines, 'command_logs');
        lines[at] = (lines[at] ?? '').split('\t').slice(1).join('\t');
        return lines;
      }),
      /is damaged: a row of command_logs does not hold its 14 values/,
    ],
    [
      await edited(file, 'orphans.backup', (lines) => {
        const at = rowsOf(lines, 'custom_commands');
        return [...lines.slice(0, at), ...lines.slice(at + 3)];
      }),
      /^command_names cannot be restored: insert or update on table "command_names" violates foreign key constraint/,
    ],
    [
      await edited(file, 'wrong-total.backup', (lines) => {
        const end = lines.findIndex((line) => line.startsWith('{"end":'));
        const { end: totals } = JSON.parse(lines[end] ?? '');
        lines[end] = JSON.stringify({ end: { ...totals, rows: totals.rows + 1 } });
        return lines;
      }),
      /is damaged: it should hold \d+ tables and \d+ rows, and holds/,
    ],
  ];
  for (const [damaged, line] of cases) {
    const target = await createOwnDatabase(t, { migrate: false });
    assertRefused(await runCli(['restore', damaged], { DATABASE_URL: target.url }), line);
    assert.deepEqual(await contentsOf(target.sql), {}, damaged);
  }
});

test('a backup of an older schema is restored, then migrated to this build, into a new or an empty migrated database', async (t) => {
  // The schema as it was two migrations ago, with a command of that time.
  const migrations = join(dir, 'older-migrations');
  await mkdir(migrations);
  const all = await listMigrations();
  for (const name of all.slice(0, -2)) await cp(join(MIGRATIONS_DIR, name), join(migrations, name));
  const source = await createTestDatabase(t, { migrate: false });
  await migrateUp(source.sql, migrations);
  await source.sql`insert into custom_commands (guild_id, name, response, aliases) values ('1', 'old', 'From before', '{aged}')`;
  const file = join(dir, 'older.backup');
  assert.equal((await runCli(['backup', file], { DATABASE_URL: source.url })).code, 0);

  const fresh = await createOwnDatabase(t, { migrate: false });
  const migrated = await createOwnDatabase(t);
  for (const target of [fresh, migrated]) {
    const result = await runCli(['restore', file], { DATABASE_URL: target.url });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`restored \\d+ tables \\(\\d+ rows\\) from \\S+, then applied ${all.slice(-2).join(', ').replaceAll('.', '\\.')}\\n`));
    assert.deepEqual((await target.sql`select name from migrations order by id`).map((row) => row.name), all);
    const [command] = await target.sql`select name, response, aliases, embeds from custom_commands`;
    assert.deepEqual({ ...command }, { name: 'old', response: 'From before', aliases: ['aged'], embeds: [] });
    assert.deepEqual((await target.sql`select name from command_names order by name`).map((row) => row.name), ['aged', 'old']);
  }
});

test('backup refuses a database without Concord, and a failed backup leaves the file already there', async (t) => {
  const empty = await createOwnDatabase(t, { migrate: false });
  const file = join(dir, 'kept.backup');
  await writeFile(file, 'the backup of yesterday');
  assertRefused(await runCli(['backup', file], { DATABASE_URL: empty.url }), /^the database holds no Concord data \(no migration was ever applied\): nothing to back up\n$/);
  assert.equal(await readFile(file, 'utf8'), 'the backup of yesterday');
  await assert.rejects(readFile(`${file}.partial`), { code: 'ENOENT' });
  const source = await createTestDatabase(t);
  assertRefused(await runCli(['backup', join(dir, 'no/such/dir/x.backup')], { DATABASE_URL: source.url }), /^cannot write \S+x\.backup: no such file or directory\n$/);
});
