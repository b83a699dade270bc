// Processes that split a bot's shards share Discord's identify limit through Redis: started together
// they never draw op 9, and each bucket identifies at most once per 5 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/config.ts';
import { startTestApp } from '../support/app.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { createTestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { type IdentifyEvent, startFakeDiscord } from '../support/fake-discord/index.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../support/redis.ts';
import { onTeardown } from '../support/teardown.ts';

test('two processes with different SHARD_IDS start together: no op 9, identifies 5 s apart per bucket', { skip: REDIS_MISSING, timeout: 60_000 }, async (t) => {
  // Four shards in two buckets (max_concurrency 2): shards 0 and 2 share bucket 0, 1 and 3 bucket 1.
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: 4, maxConcurrency: 2 });
  onTeardown(t, () => fake.close());
  const identifies: IdentifyEvent[] = [];
  fake.on('identify', (event) => identifies.push(event));
  const db = await createTestDatabase(t);
  const env = { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, SHARD_COUNT: '4', REDIS_URL, REDIS_KEY_PREFIX: isolatedPrefix(t) };
  // Each process holds one shard of each bucket, so each bucket is contended across processes.
  await Promise.all([
    startTestApp(t, { db, bot: true, env: { ...env, SHARD_IDS: '0,1' } }),
    startTestApp(t, { db, bot: true, env: { ...env, SHARD_IDS: '2,3' } }),
  ]);
  await eventually(() => assert.equal(identifies.length, 4), 30_000, 100);

  assert.equal(fake.identifyRateLimitedCount, 0, 'no IDENTIFY was answered with op 9');
  assert.deepEqual(identifies.map((event) => event.shard[0]).sort(), [0, 1, 2, 3]);
  for (const bucket of [0, 1]) {
    const times = identifies.filter((event) => event.shard[0] % 2 === bucket).map((event) => event.at);
    const gap = Math.abs((times[1] ?? 0) - (times[0] ?? 0));
    assert.ok(gap >= 5_000, `bucket ${bucket} identified twice within ${gap} ms`);
  }
});

test('SHARD_IDS naming only some shards, without REDIS_URL, is refused at start', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, shards: 2 });
  onTeardown(t, () => fake.close());
  await assert.rejects(
    startTestApp(t, { bot: true, env: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, SHARD_COUNT: '2', SHARD_IDS: '0' } }),
    (error: unknown) => error instanceof ConfigError && /^SHARD_IDS: .*REDIS_URL/.test(error.message),
  );
  assert.equal(fake.identifyCount, 0);
});

test('SHARD_IDS naming every shard needs no Redis', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: 1 });
  onTeardown(t, () => fake.close());
  const identified = fake.waitFor('identify', { timeout: 10_000 });
  await startTestApp(t, { bot: true, env: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, SHARD_COUNT: '1', SHARD_IDS: '0' } });
  await identified;
});
