// Redis: custom-command changes reach every process at once, cooldowns hold across processes, and
// when Redis goes away (a cut proxy) the bot keeps answering and comes back to Redis after.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { redisCooldowns } from '../../../src/module-kit/cooldowns/redis.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { connectRedis } from '../../../src/platform/redis/client.ts';
import { startTestApp } from '../../support/app.ts';
import { startBotApp } from '../../support/bot.ts';
import { createTestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/eventually.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../../support/redis.ts';
import { startTcpProxy } from '../../support/tcp-proxy.ts';
import { onTeardown } from '../../support/teardown.ts';

test('a cooldown taken in one process holds in another', { skip: REDIS_MISSING }, async (t) => {
  const prefix = isolatedPrefix(t);
  const log = createLogger('silent');
  const links = [0, 1].map(() => connectRedis({ url: REDIS_URL, prefix, timeoutMs: 500, log }));
  onTeardown(t, () => Promise.all(links.map((link) => link.close())));
  for (const link of links) assert.ok(await link.ready(2_000));
  const [one, two] = links.map((link) => redisCooldowns(link));
  assert.equal(await one?.take('custom:1:42', 30), 0);
  const left = await two?.take('custom:1:42', 30);
  assert.ok(left !== undefined && left > 0 && left <= 30, `seconds left: ${left}`);
  assert.equal(await two?.take('custom:1:43', 30), 0, 'another user is not held');
});

test('two processes share the command cache through Redis', { skip: REDIS_MISSING }, async (t) => {
  const prefix = isolatedPrefix(t);
  const db = await createTestDatabase(t);
  const proxy = await startTcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
  onTeardown(t, () => proxy.close());
  const redisEnv = { REDIS_KEY_PREFIX: prefix, REDIS_TIMEOUT_MS: '200' };
  // The API process edits; the bot process (its own cache, a 60 s TTL) answers through a cuttable link.
  const api = await startTestApp(t, { db, env: { ...redisEnv, REDIS_URL } });
  const bot = await startBotApp(t, { db, env: { ...redisEnv, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
  const { guild, say } = bot;

  const created = await api.request('POST', '/api/commands', { guild_id: guild.id, name: 'hello', response: 'first' });
  assert.equal(created.status, 201);
  // The bot loaded the guild's list at GUILD_CREATE; the change reaches it by Redis or NOTIFY, a moment later.
  await eventually(async () => assert.equal((await say('!hello')).content, 'first'), 2_000);

  await t.test('an edit through the other process is seen at once', async () => {
    await api.request('PATCH', `/api/commands/${created.body.id}`, { response: 'second' });
    await eventually(async () => assert.equal((await say('!hello')).content, 'second'), 2_000);
  });

  await t.test('with Redis cut the bot still answers, and /health says Redis is failing', async () => {
    await proxy.cut();
    assert.match((await say('!ping')).content, /^Pong!/);
    assert.equal((await say('!hello')).content, 'second');
    assert.match((await say('!help')).content, /Commands/, 'cooldowns fall back to the process');
    const health = await bot.request('GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.checks.redis.status, 'failing');
    const metrics = String((await bot.request('GET', '/metrics')).body);
    assert.match(metrics, /concord_redis_fallbacks_total\{operation="cooldowns.take"\} [1-9]/);
  });

  await t.test('an edit made while Redis was away is seen once it is back', async () => {
    await api.request('PATCH', `/api/commands/${created.body.id}`, { response: 'third' });
    await proxy.restore();
    await eventually(async () => assert.equal((await bot.request('GET', '/health')).body.checks.redis.status, 'ok'), 5_000);
    await eventually(async () => assert.equal((await say('!hello')).content, 'third'), 5_000);
  });
});

test('a bot whose Redis takes connections but never answers starts, and answers its custom commands', { skip: REDIS_MISSING }, async (t) => {
  // A Redis hung at start: the subscriber's SUBSCRIBE waits there with no bound.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => void sockets.add(socket));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  onTeardown(t, async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
  const db = await createTestDatabase(t);
  const redisEnv = { REDIS_KEY_PREFIX: isolatedPrefix(t), REDIS_TIMEOUT_MS: '200' };
  const api = await startTestApp(t, { db, env: { ...redisEnv, REDIS_URL } });
  // The custom commands' setup once waited on that subscription until abandoned, and the bot's start then failed.
  const port = (silent.address() as AddressInfo).port;
  const bot = await startBotApp(t, { db, env: { ...redisEnv, REDIS_URL: `redis://127.0.0.1:${port}`, MODULE_HANDLER_TIMEOUT_MS: '1000' } });
  const created = await api.request('POST', '/api/commands', { guild_id: bot.guild.id, name: 'hello', response: 'first' });
  assert.equal(created.status, 201);
  await eventually(async () => assert.equal((await bot.say('!hello')).content, 'first'), 5_000);
});
