// The gateway/worker split: one gateway process holds four shards and publishes to Redis Streams,
// three worker processes run the commands. A burst across the four shards' guilds, with one worker
// killed outright (SIGKILL) in the middle: every message is answered exactly once and logged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { streamKeys, WORKER_GROUP } from '../../src/gateway-stream/dispatch-stream.ts';
import { startTestApp, TEST_TOKEN } from '../support/app.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';
import { startProcess } from '../support/processes.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../support/redis.ts';
import { addShardGuilds } from '../support/shards.ts';
import { onTeardown } from '../support/teardown.ts';

const SHARDS = 4;
const BURST = Number(process.env.TEST_WORKER_BURST ?? 5_000);

test(`a gateway and three workers answer a burst of ${BURST} messages exactly once while one worker is SIGKILLed`, { skip: REDIS_MISSING, timeout: 240_000 }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: SHARDS, maxConcurrency: SHARDS });
  onTeardown(t, () => fake.close());
  const user = fake.createUser({ username: 'dana' });
  // Several channels per shard: replies in one channel queue behind each other (one route bucket).
  const guilds = addShardGuilds(fake, SHARDS, user, 8);
  const redis = { REDIS_URL, REDIS_KEY_PREFIX: isolatedPrefix(t) };
  const api = await startTestApp(t, { env: redis });
  const shared = { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GLOBAL_RATE_LIMIT: '100000', GUILD_COMMAND_RATE: '1000000', GUILD_COMMAND_BURST: '1000000', ...redis };
  // A long cache TTL: only the API's announcement on Redis can bring an edit to a worker in a second.
  const workerEnv = { ...shared, API_URL: api.url, API_TOKEN: TEST_TOKEN, LOG_FLUSH_INTERVAL_MS: '50', STREAM_CLAIM_IDLE_MS: '2000', COMMAND_CACHE_TTL_MS: '60000', DATA_DIR: api.dataDir };
  const [gateway, ...workers] = await Promise.all([
    startProcess(t, 'gateway', { ...shared, SHARD_COUNT: String(SHARDS) }, /gateway connected to Discord/),
    ...[0, 1, 2].map(() => startProcess(t, 'worker', workerEnv, /worker reading gateway events/)),
  ]);
  assert.ok(gateway);
  for (const role of [gateway, ...workers]) assert.equal((await fetch(`${role.url}/health/ready`)).status, 200);

  const started = Date.now();
  const sent = Array.from({ length: BURST }, (_, i) => {
    const guild = guilds[i % guilds.length];
    return fake.sendMessage({ channel_id: guild?.channelId ?? '', author: user, content: `!ping ${i}` });
  });
  const replies = new Map<string, number>();
  const countReplies = () => {
    replies.clear();
    for (const m of fake.sentMessages) {
      const to = (m.body.message_reference as { message_id?: string } | undefined)?.message_id;
      if (to) replies.set(to, (replies.get(to) ?? 0) + 1);
    }
  };
  // Killed when about a third is answered and it has events in hand (its consumer, named after its
  // pid, has entries pending in the group): those it never acknowledges. It is frozen (SIGSTOP)
  // while its pending count is read, so it cannot acknowledge them between the look and the kill.
  const victim = workers[0];
  assert.ok(victim);
  const client = new Redis(REDIS_URL, { lazyConnect: true });
  onTeardown(t, () => client.quit());
  const inHand = async () => {
    const consumers = (await client.xinfo('CONSUMERS', streamKeys(redis.REDIS_KEY_PREFIX).dispatches, WORKER_GROUP)) as unknown[][];
    const mine = consumers.map((fields) => new Map(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]))).find((info) => String(info.get('name')).includes(`:${victim.child.pid}:`));
    return Number(mine?.get('pending') ?? 0);
  };
  let held = 0;
  for (countReplies(); held === 0; countReplies()) {
    if (replies.size >= BURST) throw new Error('the burst was answered before the victim was caught with events in hand');
    if (replies.size >= BURST / 3) {
      victim.child.kill('SIGSTOP');
      held = await inHand();
      if (held > 0) victim.child.kill('SIGKILL');
      else victim.child.kill('SIGCONT');
    }
    if (held === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (countReplies(); replies.size < BURST; countReplies()) {
    if (Date.now() - started > 150_000) throw new Error(`${replies.size} of ${BURST} answered after 150 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (Date.now() - started) / 1_000;
  // A moment more: a second answer to anything would show now.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  countReplies();
  assert.deepEqual(sent.filter((m) => replies.get(m.id) !== 1).map((m) => [m.id, replies.get(m.id) ?? 0]), [], 'every message answered exactly once');

  // Every entry the victim held is taken over once idle (STREAM_CLAIM_IDLE_MS), even one it had
  // already answered and logged but not acknowledged (the answer is not repeated: same nonce).
  let redelivered = 0;
  for (const deadline = Date.now() + 15_000; redelivered < held && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    const metrics = await Promise.all(workers.slice(1).map(async (w) => (await fetch(`${w.url}/metrics`)).text()));
    redelivered = metrics.reduce((sum, text) => sum + Number(/^concord_stream_redeliveries_total (\d+)/m.exec(text)?.[1] ?? 0), 0);
  }
  t.diagnostic(`${BURST} messages answered in ${seconds.toFixed(1)} s (${Math.round(BURST / seconds)}/s); ${redelivered} of the ${held} the killed worker held taken over`);
  assert.ok(redelivered >= held, 'every event the killed worker held was taken over by the others');

  // Only then every row: the log row of an event the killed worker answered but never wrote comes with its takeover.
  const ids = sent.map((m) => m.id);
  let logged = 0;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    const [row] = await api.db.sql<{ n: number }[]>`select count(*)::int as n from command_logs where event_id = any(${ids})`;
    logged = row?.n ?? 0;
    if (logged >= BURST) break;
  }
  assert.equal(logged, BURST, 'every log row written');
  countReplies();
  assert.deepEqual(sent.filter((m) => replies.get(m.id) !== 1).map((m) => [m.id, replies.get(m.id) ?? 0]), [], 'taking over answered nothing twice');

  // An API edit reaches every (remaining) worker within a second.
  const guild = guilds[0];
  assert.ok(guild);
  const ask = async (count: number) => {
    const asked = Array.from({ length: count }, () => fake.sendMessage({ channel_id: guild.channelId, author: user, content: '!hello' }));
    const answers = await Promise.all(asked.map((m) => fake.waitForMessage((r) => (r.body.message_reference as { message_id?: string } | undefined)?.message_id === m.id, { timeout: 10_000 })));
    return new Set(answers.map((r) => String(r.body.content)));
  };
  const created = await api.request('POST', '/api/commands', { guild_id: guild.guildId, name: 'hello', response: 'first' });
  assert.equal(created.status, 201);
  assert.deepEqual(await ask(20), new Set(['first']), 'both workers have loaded the command');
  await api.request('PATCH', `/api/commands/${created.body.id}`, { response: 'second' });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.deepEqual(await ask(20), new Set(['second']), 'every worker answers with the edit a second later');
});
