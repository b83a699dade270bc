// The embedded default (no DATABASE_URL, DATA_DIR only): `bin/app restore` and `bin/app backup` start
// and stop the server themselves, with no PostgreSQL of the operator's, and a refusal stops it cleanly.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { writeBackup } from '../../../../src/platform/db/backup/write.ts';
import { startTestApp } from '../../../support/app.ts';
import { runCli } from '../../../support/cli.ts';
import { createTestDatabase } from '../../../support/db.ts';
import { onTeardown } from '../../../support/teardown.ts';

test('on the embedded database (no DATABASE_URL), restore and backup need no PostgreSQL of the operator', async (t) => {
  const source = await createTestDatabase(t);
  const app = await startTestApp(t, { db: source });
  for (const name of ['one', 'two', 'three']) {
    assert.equal((await app.request('POST', '/api/commands', { name, response: `${name} ✓\twith\nlines` })).status, 201);
  }
  await app.app.stop();
  const dir = await mkdtemp(join(tmpdir(), 'concord-backup-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'from-postgres.backup');
  await writeBackup(source.sql, file);

  // Its own directory: run as root, the server's user must be let through it (Concord does that).
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-backup-data-'));
  onTeardown(t, () => rm(dataDir, { recursive: true, force: true }));
  const restore = await runCli(['restore', file], { DATA_DIR: dataDir });
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, /restored \d+ tables \(\d+ rows\)/);
  const again = join(dir, 'from-embedded.backup');
  const backup = await runCli(['backup', again], { DATA_DIR: dataDir });
  assert.equal(backup.code, 0, backup.stderr);
  // The embedded server's backup is the same file but for when it was made.
  const [first, ...rest] = contents(file);
  const [firstAgain, ...restAgain] = contents(again);
  assert.deepEqual(restAgain, rest);
  assert.deepEqual({ ...JSON.parse(firstAgain ?? ''), created_at: 0 }, { ...JSON.parse(first ?? ''), created_at: 0 });

  // A refusal stops the embedded server as cleanly: nothing is left running on DATA_DIR, and its
  // socket's directory (named in the server's log) is gone.
  const refused = await runCli(['restore', file], { DATA_DIR: dataDir });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^the database is not empty \(\w+ has rows\)/);
  assert.deepEqual(serverProcesses(dataDir), []);
  const socket = /listening on Unix socket "([^"]+)\/\.s\.PGSQL/.exec(readFileSync(join(dataDir, 'pgdata/server.log'), 'utf8'))?.[1];
  assert.ok(socket, 'the server log names its socket');
  assert.equal(existsSync(socket), false, `${socket} is removed`);
});

/** The decompressed lines of a backup file. */
function contents(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString().split('\n');
}

/** Processes whose command line names this data directory (the server and its children). */
function serverProcesses(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return state !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dataDir, 'pgdata'));
      } catch {
        return false;
      }
    })
    .map(Number);
}
