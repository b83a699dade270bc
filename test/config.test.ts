import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

const empty = await mkdtemp(join(tmpdir(), 'concord-config-'));

test('defaults fill every unset variable', () => {
  const config = loadConfig({}, empty);
  assert.equal(config.PORT, 3000);
  assert.equal(config.HOST, '0.0.0.0');
  assert.equal(config.DATABASE_URL, undefined);
  assert.equal(config.dataDir, join(empty, 'data'));
  assert.equal(config.LOG_LEVEL, 'info');
  assert.equal(config.DISCORD_API_URL, 'https://discord.com/api');
  assert.equal(config.COMMAND_PREFIX, '!');
  assert.equal(config.MIGRATE, true);
  assert.ok(Object.isFrozen(config));
});

const invalid: [Record<string, string>, string][] = [
  [{ PORT: 'abc' }, 'PORT: expected an integer 1-65535, got "abc"'],
  [{ PORT: '70000' }, 'PORT: expected an integer 1-65535, got "70000"'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: expected a postgres:// URL'],
  [{ DISCORD_API_URL: 'not a url' }, 'DISCORD_API_URL: expected an http(s) URL, got "not a url"'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
  [{ MIGRATE: 'maybe' }, 'MIGRATE: expected true or false, got "maybe"'],
  [{ API_TOKEN: 'short' }, 'API_TOKEN: must be at least 16 characters'],
  [{ SHARD_IDS: '0,x' }, 'SHARD_IDS: expected a comma-separated list of shard numbers, got "0,x"'],
  [{ ADMIN_USER_IDS: '123' }, 'ADMIN_USER_IDS: expected a comma-separated list of Discord ids, got "123"'],
  [{ HTTP_MAX_CONNECTIONS: '100', EVENT_STREAMS_MAX: '100' }, 'EVENT_STREAMS_MAX: expected fewer than HTTP_MAX_CONNECTIONS (100), or streams could take every connection; got 100'],
];

for (const [env, message] of invalid) {
  test(`rejects ${JSON.stringify(env)} with a line naming the variable`, () => {
    assert.throws(() => loadConfig(env, empty), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, message);
      return true;
    });
  });
}

test('event streams in all: half of HTTP_MAX_CONNECTIONS unless set', () => {
  assert.equal(loadConfig({}, empty).EVENT_STREAMS_MAX, 500);
  assert.equal(loadConfig({ HTTP_MAX_CONNECTIONS: '100' }, empty).EVENT_STREAMS_MAX, 50);
  assert.equal(loadConfig({ EVENT_STREAMS_MAX: '20' }, empty).EVENT_STREAMS_MAX, 20);
});

test('a database URL never appears in its own error message', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' }, empty), (error: Error) => {
    assert.ok(!error.message.includes('hunter2'));
    return true;
  });
});

test('several problems are reported together on one line', () => {
  assert.throws(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' }, empty), /PORT: .*; LOG_LEVEL: /);
});

test('an empty variable counts as unset', () => {
  assert.equal(loadConfig({ PORT: '' }, empty).PORT, 3000);
});

test('secrets can come from NAME_FILE', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-config-'));
  await writeFile(join(dir, 'token'), 'from-a-file-0123456789\n');
  assert.equal(loadConfig({ API_TOKEN_FILE: join(dir, 'token') }, dir).API_TOKEN, 'from-a-file-0123456789');
  assert.throws(() => loadConfig({ API_TOKEN_FILE: join(dir, 'missing') }, dir), /^ConfigError: API_TOKEN_FILE: cannot read .* \(ENOENT\)$/);
  assert.throws(
    () => loadConfig({ API_TOKEN_FILE: join(dir, 'token'), API_TOKEN: 'also-set-0123456789' }, dir),
    /API_TOKEN_FILE: set together with API_TOKEN/,
  );
});

test('.env is read, and the environment wins over it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-config-'));
  await writeFile(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\n');
  const config = loadConfig({ LOG_LEVEL: 'warn' }, dir);
  assert.equal(config.PORT, 4000);
  assert.equal(config.LOG_LEVEL, 'warn');
});
