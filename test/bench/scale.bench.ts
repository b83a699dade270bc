// The gateway/worker split against `all`: replies per second and latency (MESSAGE_CREATE → reply
// POST) through gateway → Redis Streams → worker with 1, 2 and 3 workers, beside one `all` process
// on the same fake Discord traffic (16 channels on 2 shards, Discord's rate limits lifted). Every
// process is the built bundle in its own process. Needs Redis (TEST_REDIS_URL or 127.0.0.1:6379).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { BOT_TOKEN } from '../support/bot.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';
import { addShardGuilds, type ShardGuild } from '../support/shards.ts';
import { percentile, type Running, runBundle } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const SHARDS = 2;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface World {
  fake: FakeDiscord;
  guilds: ShardGuild[];
  author: ReturnType<FakeDiscord['createUser']>;
}

export async function benchScale(databaseUrl: string | undefined, { latencyRuns = 300, burst = 3_000, inFlight = 500 } = {}) {
  const figures: Record<string, string> = {};
  const baseline = await withWorld(async (world, env) => {
    const all = await runBundle('all', { ...env, SHARD_COUNT: String(SHARDS) }, /"msg":"bot connected to Discord"/);
    try {
      return await measure(world, latencyRuns, burst, inFlight);
    } finally {
      await all.stop();
    }
  }, databaseUrl);
  report(figures, 'all (one process)', baseline);

  await withWorld(async (world, env) => {
    const running: Running[] = [];
    try {
      const api = await runBundle('api', env);
      running.push(api);
      const shared = { ...env, REDIS_KEY_PREFIX: `concord-bench:${randomUUID().slice(0, 8)}:`, REDIS_URL };
      running.push(await runBundle('gateway', { ...shared, SHARD_COUNT: String(SHARDS) }, /gateway connected to Discord/));
      const workerEnv = { ...shared, API_URL: api.url };
      for (let workers = 1; workers <= 3; workers++) {
        running.push(await runBundle('worker', workerEnv, /worker reading gateway events/));
        const result = await measure(world, latencyRuns, burst, inFlight);
        report(figures, `gateway + ${workers} worker${workers > 1 ? 's' : ''}`, result);
        if (workers === 1) figures['latency the stream adds (median, 1 worker vs all)'] = `${(result.median - baseline.median).toFixed(2)} ms`;
      }
      await clearPrefix(shared.REDIS_KEY_PREFIX);
    } finally {
      for (const process of running.reverse()) await process.stop();
    }
  }, databaseUrl);
  return figures;
}

function report(figures: Record<string, string>, name: string, result: Awaited<ReturnType<typeof measure>>) {
  figures[`${name}: latency median / p99`] = `${result.median.toFixed(2)} / ${result.p99.toFixed(2)} ms`;
  figures[`${name}: throughput (${result.burst} × !ping)`] = `${result.perSecond.toFixed(0)} replies/s`;
}

async function withWorld<T>(run: (world: World, env: Record<string, string>) => Promise<T>, databaseUrl: string | undefined): Promise<T> {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: SHARDS, maxConcurrency: SHARDS });
  const author = fake.createUser({ username: 'bench' });
  const guilds = addShardGuilds(fake, SHARDS, author, 8);
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const env = {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    API_TOKEN: TOKEN,
    DATA_DIR: dataDir,
    // The point is Concord's own speed, not Discord's 50 requests a second.
    DISCORD_GLOBAL_RATE_LIMIT: '1000000',
    GUILD_COMMAND_RATE: '1000000',
    GUILD_COMMAND_BURST: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  try {
    return await run({ fake, guilds, author }, env);
  } finally {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measure({ fake, guilds, author }: World, latencyRuns: number, burst: number, inFlight: number) {
  const answered = new Set<string>();
  const onReply = () => {
    for (let i = seen; i < fake.sentMessages.length; i++) {
      const to = (fake.sentMessages[i]?.body.message_reference as { message_id?: string } | undefined)?.message_id;
      if (to) answered.add(to);
    }
    seen = fake.sentMessages.length;
  };
  let seen = fake.sentMessages.length;
  const send = (i: number) => {
    const guild = guilds[i % guilds.length];
    return fake.sendMessage({ channel_id: guild?.channelId ?? '', author, content: `!ping ${i}` }).id;
  };
  for (let i = 0; i < 50; i++) await fake.waitForMessage(((id) => (m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === id)(send(i)), { timeout: 10_000 });

  const latencies: number[] = [];
  for (let i = 0; i < latencyRuns; i++) {
    const started = performance.now();
    const id = send(i);
    await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === id, { timeout: 10_000 });
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  onReply();
  answered.clear();
  const started = performance.now();
  const ids = new Set<string>();
  while (answered.size < burst) {
    onReply();
    while (ids.size < burst && ids.size - answered.size < inFlight) ids.add(send(ids.size));
    if (performance.now() - started > 120_000) throw new Error(`${answered.size} of ${burst} answered in 120 s`);
    await sleep(2);
  }
  const seconds = (performance.now() - started) / 1_000;
  return { median: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: burst / seconds, burst };
}

async function clearPrefix(prefix: string) {
  const client = new Redis(REDIS_URL);
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
}
