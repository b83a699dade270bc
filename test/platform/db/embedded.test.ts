// The embedded PostgreSQL as `bin/app all` runs it with no DATABASE_URL: its server lives and dies
// with Concord, one left by a killed Concord is stopped at the next start, and commits survive kill -9.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startFakeWorld } from '../../support/bot.ts';
import { onTeardown } from '../../support/teardown.ts';

const root = join(import.meta.dirname, '../../..');

interface Concord {
  child: ChildProcess;
  output(): string;
  /** Resolves with the API's URL once it listens; rejects if the process ends first. */
  listening: Promise<string>;
  /** Resolves once it logs `line` (the bot's "gateway ready"…). */
  logged(line: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

function startConcord(dataDir: string, env: Record<string, string> = {}): Concord {
  const child = spawn(process.execPath, ['--import', join(root, 'test/support/register.mjs'), join(root, 'src/main.ts'), 'all'], {
    cwd: root,
    // No DATABASE_URL: the embedded default, whatever database the suite runs on.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, API_TOKEN: 'embedded-test-token-0123456789', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const found = /"url":"(http:[^"]+)","msg":"API listening"/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on('data', check);
    void exited.then(() => reject(new Error(`exited before listening:\n${output}`)));
  });
  // A test that expects the process to fail does not wait for this.
  listening.catch(() => {});
  const logged = (line: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => line.test(output) && resolve();
      check();
      child.stdout?.on('data', check);
      void exited.then(() => reject(new Error(`exited before logging ${line}:\n${output}`)));
    });
  return { child, output: () => output, listening, logged, exited };
}

async function freshDataDir(t: Parameters<typeof onTeardown>[0]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-embedded-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  return dir;
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

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

test('a reminder set before kill -9 is sent after the restart, which stops the server the killed Concord left', { timeout: 60_000 }, async (t) => {
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

  const second = startConcord(dataDir, env);
  onTeardown(t, () => void second.child.kill('SIGKILL'));
  await second.logged(/"msg":"gateway ready"/);
  assert.match(second.output(), /stopping an embedded PostgreSQL left running by an earlier Concord/);
  assert.doesNotMatch(second.output(), /lock file/);
  assert.equal(isRunning(orphan), false);
  await world.fake.waitForMessage((m) => String(m.body.content).includes('check the oven'), { timeout: 15_000 });

  second.child.kill('SIGINT');
  assert.equal(await second.exited, 0);
  assert.equal(existsSync(join(dataDir, 'pgdata/postmaster.pid')), false, 'the server stopped with Concord');
  assert.deepEqual(serverProcesses(dataDir), []);
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
