// The embedded PostgreSQL as `bin/app all` runs it with no DATABASE_URL: its server lives and dies
// with Concord, one left by a killed Concord is stopped at the next start (with the socket directory
// and lock file it leaves), and commits survive kill -9.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startFakeWorld } from '../../support/bot.ts';
import { freshDataDir, isRunning, serverProcesses, socketDirsOf, startConcord } from '../../support/embedded-concord.ts';
import { onTeardown } from '../../support/teardown.ts';

test('a reminder set before kill -9 is sent after the restart, which stops the server the killed Concord left', { timeout: 120_000 }, async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const dataDir = await freshDataDir(t);
  const env = { ...world.env, REMINDER_POLL_INTERVAL_MS: '100' };

  const first = startConcord(dataDir, env);
  onTeardown(t, () => void first.child.kill('SIGKILL'));
  await first.logged(/"msg":"gateway ready"/);
  assert.match((await world.say('!remind 3s check the oven')).content, /^Reminder #\d+ set/);
  first.child.kill('SIGKILL');
  await first.exited;
  const orphan = Number((await readFile(join(dataDir, 'pgdata/postmaster.pid'), 'utf8')).split('\n')[0]);
  assert.ok(isRunning(orphan), 'the killed Concord left its server running');
  assert.equal(socketDirsOf(first.child.pid ?? 0).length, 1, 'and its socket directory, which that server still uses');

  const second = startConcord(dataDir, env);
  onTeardown(t, () => void second.child.kill('SIGKILL'));
  await second.logged(/"msg":"gateway ready"/);
  assert.match(second.output(), /stopping an embedded PostgreSQL left running by an earlier Concord/);
  assert.doesNotMatch(second.output(), /lock file/);
  assert.equal(isRunning(orphan), false);
  assert.deepEqual(socketDirsOf(first.child.pid ?? 0), []);
  await world.fake.waitForMessage((m) => String(m.body.content).includes('check the oven'), { timeout: 15_000 });

  second.child.kill('SIGINT');
  assert.equal(await second.exited, 0);
  assert.equal(existsSync(join(dataDir, 'pgdata/postmaster.pid')), false, 'the server stopped with Concord');
  assert.deepEqual(serverProcesses(dataDir), []);
  assert.deepEqual(socketDirsOf(second.child.pid ?? 0), []);
  assert.equal(world.fake.sentMessages.filter((m) => String(m.body.content).includes('check the oven')).length, 1);
});

test('a start that fails after the database is up stops the embedded server', { timeout: 60_000 }, async (t) => {
  const dataDir = await freshDataDir(t);
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  onTeardown(t, () => new Promise((resolve) => taken.close(resolve)));
  const port = (taken.address() as { port: number }).port;

  const concord = startConcord(dataDir, { PORT: String(port) });
  assert.equal(await concord.exited, 1);
  assert.match(concord.output(), /using the embedded PostgreSQL/, 'the server had started');
  assert.match(concord.output(), /EADDRINUSE/);
  assert.equal(existsSync(join(dataDir, 'pgdata/postmaster.pid')), false);
  assert.deepEqual(serverProcesses(dataDir), []);
});

test('a second Concord on the same DATA_DIR leaves the first one its server', { timeout: 60_000 }, async (t) => {
  const dataDir = await freshDataDir(t);
  const first = startConcord(dataDir);
  onTeardown(t, () => void first.child.kill('SIGKILL'));
  const url = await first.listening;

  const second = startConcord(dataDir);
  assert.equal(await second.exited, 1);
  assert.match(second.output(), /^the embedded database in .* is in use by process \d+: stop that Concord first, or set DATABASE_URL\n$/);
  assert.equal((await fetch(`${url}/health`)).status, 200);

  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0);
  assert.deepEqual(serverProcesses(dataDir), []);
});

test('a start clears what dead processes left: a socket directory of a gone Concord, a postmaster.pid naming a process that is no server', { timeout: 120_000 }, async (t) => {
  const dataDir = await freshDataDir(t);
  const first = startConcord(dataDir);
  onTeardown(t, () => void first.child.kill('SIGKILL'));
  await first.listening;
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0);

  // A socket directory whose Concord is gone (its pid: a process that has exited), and one whose Concord runs (this test).
  const gone = spawn('true');
  await once(gone, 'exit');
  const stale = join(tmpdir(), `concord-pg-${gone.pid}-test01`);
  const live = join(tmpdir(), `concord-pg-${process.pid}-test02`);
  for (const dir of [stale, live]) {
    await mkdir(dir);
    onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  }
  // The lock file a server killed outright leaves, its pid now taken by another process: PostgreSQL
  // would refuse to start ("lock file already exists"), taking it for a server still running.
  const other = spawn('sleep', ['60']);
  onTeardown(t, () => void other.kill());
  await writeFile(join(dataDir, 'pgdata/postmaster.pid'), `${other.pid}\n${join(dataDir, 'pgdata')}\n`);

  const second = startConcord(dataDir);
  onTeardown(t, () => void second.child.kill('SIGKILL'));
  const url = await second.listening;
  assert.equal((await fetch(`${url}/health/ready`)).status, 200);
  assert.equal(existsSync(stale), false);
  assert.equal(existsSync(live), true);
  assert.ok(isRunning(other.pid ?? 0), 'the process the lock file named is left alone');
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0);
});
