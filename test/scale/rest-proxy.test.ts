// Three bot processes share one REST budget through `rest-proxy`: against a fake Discord that allows
// 50 requests in any second, the proxy keeps them under it and no 429 reaches anyone; without it,
// the three together overrun the limit.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/platform/log.ts';
import { startRestProxy } from '../../src/proxy/rest-proxy.ts';
import { startTestApp } from '../support/app.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { createTestDatabase } from '../support/db.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../support/redis.ts';
import { addShardGuilds, maxPerSecond } from '../support/shards.ts';
import { onTeardown } from '../support/teardown.ts';

const SHARDS = 3;
const PER_SHARD = 60;

async function threeBots(t: TestContext, apiUrl: string, extra: Record<string, string> = {}) {
  const db = await createTestDatabase(t);
  const env = { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: apiUrl, SHARD_COUNT: String(SHARDS), REDIS_URL, REDIS_KEY_PREFIX: isolatedPrefix(t), LOG_FLUSH_INTERVAL_MS: '50', GUILD_COMMAND_RATE: '1000000', GUILD_COMMAND_BURST: '1000000', ...extra };
  await Promise.all([0, 1, 2].map((shard) => startTestApp(t, { db, bot: true, env: { ...env, SHARD_IDS: String(shard) } })));
}

/** Every shard's guild gets PER_SHARD `!ping`s at once; resolves when each has its one reply. */
async function burst(fake: FakeDiscord) {
  const user = fake.createUser({ username: 'carol' });
  const guilds = addShardGuilds(fake, SHARDS, user);
  // The bots learn of the guilds from GUILD_CREATE; they answer in any guild either way.
  const sent = guilds.flatMap(({ channelId }) => Array.from({ length: PER_SHARD }, (_, i) => fake.sendMessage({ channel_id: channelId, author: user, content: `!ping ${i}` })));
  const started = Date.now();
  const replyTo = (id: string) => fake.sentMessages.filter((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === id).length;
  while (sent.some((message) => replyTo(message.id) === 0)) {
    if (Date.now() - started > 40_000) throw new Error(`only ${sent.filter((m) => replyTo(m.id) > 0).length} of ${sent.length} answered`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { sent, replyTo };
}

test('three bots through one rest-proxy stay within a 50/s global limit and see no 429', { skip: REDIS_MISSING, timeout: 80_000 }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: SHARDS, maxConcurrency: SHARDS, globalRateLimit: 50 });
  onTeardown(t, () => fake.close());
  const proxy = await startRestProxy(loadConfig({ DISCORD_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' }, '/tmp'), createLogger('silent'));
  onTeardown(t, () => proxy.stop());
  await threeBots(t, `${proxy.url}/api`);

  const from = fake.requests.length;
  const { sent, replyTo } = await burst(fake);
  assert.deepEqual(sent.filter((message) => replyTo(message.id) !== 1), [], 'every message answered exactly once');
  const requests = fake.requests.slice(from);
  assert.equal(requests.filter((r) => r.status === 429).length, 0, 'Discord answered no request with 429');
  const most = maxPerSecond(requests.map((r) => r.at));
  assert.ok(most <= 50, `${most} requests reached Discord within one second`);
  // The burst is more than a second's budget, so the limit was what paced it.
  assert.ok(requests.length > 100, `${requests.length} requests`);
});

test('without the proxy three bots overrun the global limit (each keeps only its own)', { skip: REDIS_MISSING, timeout: 80_000 }, async (t) => {
  // 20/s at Discord and in each bot, so that three bots overrun it together even on a loaded machine
  // (at 50/s a slow machine's three bots sometimes stayed under it, and the check proved nothing).
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: SHARDS, maxConcurrency: SHARDS, globalRateLimit: 20 });
  onTeardown(t, () => fake.close());
  await threeBots(t, fake.apiUrl, { DISCORD_GLOBAL_RATE_LIMIT: '20' });
  const from = fake.requests.length;
  await burst(fake);
  const limited = fake.requests.slice(from).filter((r) => r.status === 429).length;
  assert.ok(limited > 0, 'Discord answered some requests with 429');
});
