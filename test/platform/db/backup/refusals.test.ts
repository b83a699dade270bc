// What backup and restore refuse: a BackupError (one line on the CLI's stderr, exit code 1, no stack),
// and the database, or the file already there, as it was. A restore that fails part-way leaves the
// database as empty as it found it, not even migrated.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { openRestorable } from '../../../../src/platform/db/backup/restore.ts';
import { writeBackup } from '../../../../src/platform/db/backup/write.ts';
import type { Sql } from '../../../../src/platform/db/connect.ts';
import { assertBackupError, assertRefused, contentsOf, restoreFile } from '../../../support/backups.ts';
import { runCli } from '../../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../support/db.ts';
import { createOwnDatabase } from '../../../support/own-database.ts';
import { onTeardown } from '../../../support/teardown.ts';

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
  await writeBackup(source.sql, file);
  return file;
}

/** A copy of a backup with its decompressed lines changed by `edit`, gzipped again. */
async function edited(file: string, name: string, edit: (lines: string[]) => string[]): Promise<string> {
  const copy = join(dir, name);
  await writeFile(copy, gzipSync(edit(gunzipSync(await readFile(file)).toString().split('\n')).join('\n')));
  return copy;
}

/** A new schema in `db`, and a connection that lands in it: an empty target quicker to make than a database. */
async function emptySchema(t: Parameters<typeof onTeardown>[0], db: TestDatabase, name: string): Promise<Sql> {
  await db.sql.unsafe(`create schema ${name}`);
  const url = new URL(db.url);
  url.searchParams.set('search_path', name);
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  onTeardown(t, () => sql.end({ timeout: 5 }));
  return sql;
}

/** The index of the first row of `table` in a backup's lines. */
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
  await assertBackupError(openRestorable(newerFormat), /was written by a newer Concord \(9\.0\.0, backup format 2\): upgrade Concord to restore it/);
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

test('what is not a backup is refused', async (t) => {
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
    [files.folder, /^cannot read \S+folder: it is a directory$/],
    [files.text, /^\S+notes\.txt is not a Concord backup$/],
    [files.gzipped, /^\S+notes\.txt\.gz is not a Concord backup$/],
    [files.json, /^\S+other\.json is not a Concord backup$/],
    [files.empty, /^\S+empty is not a Concord backup$/],
    [files.binary, /^\S+blob\.bin is not a Concord backup$/],
  ];
  for (const [file, message] of cases) await assertBackupError(openRestorable(file), message);
  assertRefused(await runCli(['restore', join(dir, 'missing.backup')], { DATABASE_URL: target.url }), /^cannot read \S+missing\.backup: no such file or directory\n$/);
  assert.deepEqual(await contentsOf(target.sql), {});
});

test('a restore that fails part-way leaves the database as empty as it was, not even migrated', async (t) => {
  const file = await makeBackup(t, 'source.backup');
  const whole = await readFile(file);
  const cutShort = join(dir, 'cut-short.backup');
  await writeFile(cutShort, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const badValue = await edited(file, 'bad-value.backup', (lines) => {
    const at = rowsOf(lines, 'custom_commands');
    // use_count, a bigint, is the 9th column.
    lines[at] = (lines[at] ?? '').split('\t').map((value, i) => (i === 8 ? 'many' : value)).join('\t');
    return lines;
  });
  const cases: [string, RegExp][] = [
    [cutShort, /is damaged or cut short \(unexpected end of file\)/],
    [await edited(file, 'no-end.backup', (lines) => lines.slice(0, -3)), /is cut short: its last record is missing/],
    [badValue, /^custom_commands cannot be restored: invalid input syntax for type bigint: "many"$/],
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
  const target = await createOwnDatabase(t, { migrate: false });
  for (const [i, [damaged, message]] of cases.entries()) {
    const schema = await emptySchema(t, target, `damaged_${i}`);
    await assertBackupError(restoreFile(schema, damaged), message);
    assert.deepEqual(await contentsOf(schema), {}, damaged);
  }
  assertRefused(await runCli(['restore', badValue], { DATABASE_URL: target.url }), /^custom_commands cannot be restored: invalid input syntax for type bigint: "many"\n$/);
  assert.deepEqual(await contentsOf(target.sql), {});
});

test('backup refuses a database without Concord, and a failed backup leaves the file already there', async (t) => {
  const empty = await createOwnDatabase(t, { migrate: false });
  const file = join(dir, 'kept.backup');
  await writeFile(file, 'the backup of yesterday');
  assertRefused(await runCli(['backup', file], { DATABASE_URL: empty.url }), /^the database holds no Concord data \(no migration was ever applied\): nothing to back up\n$/);
  assert.equal(await readFile(file, 'utf8'), 'the backup of yesterday');
  await assert.rejects(readFile(`${file}.partial`), { code: 'ENOENT' });
  const source = await createTestDatabase(t);
  await assertBackupError(writeBackup(source.sql, join(dir, 'no/such/dir/x.backup')), /^cannot write \S+x\.backup: no such file or directory$/);
});

test("the database's own refusal (here, a read-only server) fails a restore, restoring nothing; a backup reads from it", async (t) => {
  const readOnly = (url: string) => {
    const parsed = new URL(url);
    parsed.searchParams.set('default_transaction_read_only', 'on');
    const sql = postgres(parsed.toString(), { max: 1, onnotice: () => {} });
    onTeardown(t, () => sql.end({ timeout: 5 }));
    return sql;
  };
  const source = await createTestDatabase(t);
  const file = join(dir, 'from-read-only.backup');
  await writeBackup(readOnly(source.url), file);
  const target = await createOwnDatabase(t, { migrate: false });
  await assertBackupError(restoreFile(readOnly(target.url), file), /^cannot execute CREATE TABLE in a read-only transaction; nothing was restored$/);
  assert.deepEqual(await contentsOf(target.sql), {});
});
