// The CLI as an operator meets it: modes, help, version, bad config, start-up and a clean stop.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestDatabase } from './support/db.ts';

const root = join(import.meta.dirname, '..');
const cwd = await mkdtemp(join(tmpdir(), 'concord-cli-'));

function run(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', join(root, 'test/support/register.mjs'), join(root, 'src/main.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finish(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, stdout, stderr };
}

test('--version prints the version', async () => {
  const { code, stdout } = await finish(run(['--version']));
  assert.equal(code, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+$/);
});

for (const mode of ['all', 'api', 'bot', 'gateway', 'worker', 'rest-proxy', 'migrate']) {
  test(`${mode} --help describes the mode`, async () => {
    const { code, stdout } = await finish(run([mode, '--help']));
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`app ${mode}`));
  });
}

test('bad config stops start-up with one line naming the variable', async () => {
  const { code, stdout, stderr } = await finish(run(['api'], { PORT: 'abc' }));
  assert.notEqual(code, 0);
  assert.equal(stderr, 'config error: PORT: expected an integer 1-65535, got "abc"\n');
  assert.equal(stdout, '');
});

test('gateway and worker without REDIS_URL stop start-up with one line saying why', async () => {
  for (const mode of ['gateway', 'worker']) {
    const { code, stderr } = await finish(run([mode], { DISCORD_TOKEN: 'x', API_URL: 'http://127.0.0.1:9', API_TOKEN: 'a'.repeat(16) }));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`^config error: REDIS_URL: required in ${mode} mode`), stderr);
  }
});

test('an unreachable database ends start-up with a clear message after retrying', async () => {
  const { code, stderr } = await finish(
    run(['api'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none', DATABASE_START_TIMEOUT_MS: '300' }),
  );
  assert.equal(code, 1);
  assert.match(stderr, /^cannot reach the database: .*ECONNREFUSED/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
});

test('migrate status, up, and status again', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const env = { DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
  assert.match((await finish(run(['migrate', 'status'], env))).stdout, /pending: 00000-commands-and-logs.mjs/);
  assert.match((await finish(run(['migrate'], env))).stdout, /applied: 00000-commands-and-logs.mjs/);
  assert.match((await finish(run(['migrate', 'up'], env))).stdout, /nothing to apply/);
  assert.match((await finish(run(['migrate', 'status'], env))).stdout, /up to date/);
});

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  test(`api starts, serves /health, and stops cleanly on ${signal}`, async (t) => {
  const db = await createTestDatabase(t);
  const child = run(['api'], { DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', API_TOKEN: 'cli-test-token-0123456789', DATA_DIR: cwd });
  const exited = finish(child);
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk) => {
      buffer += chunk;
      const found = /"url":"(http:[^"]+)","msg":"API listening"/.exec(buffer);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`exited before listening:\n${buffer}`)));
  });
  const health = await fetch(`${url}/health`);
  assert.equal(health.status, 200);
  child.kill(signal);
  const { code, stdout } = await exited;
  assert.equal(code, 0);
  assert.match(stdout, new RegExp(`"reason":"${signal}"`));
  assert.match(stdout, /"msg":"stopped"/);
  assert.doesNotMatch(stdout, /cli-test-token/, 'the token is never logged');
});
}
