// The bot's speed against the fake Discord on loopback: MESSAGE_CREATE → reply REST call latency,
// and messages per second with Discord's rate limits out of the way. Concord runs as the built
// bundle in its own process, so the fake's work is not counted against it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeWorld } from '../support/bot.ts';
import { percentile, processUsage, runBundle } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';

export async function benchBot(databaseUrl: string | undefined, { latencyRuns = 1_000, burst = 10_000, inFlight = 500 } = {}) {
  const world = await startFakeWorld();
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const app = await runBundle('all', {
    ...world.env,
    API_TOKEN: TOKEN,
    DATA_DIR: dataDir,
    // The point is Concord's own speed, not Discord's 50 requests a second.
    DISCORD_GLOBAL_RATE_LIMIT: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  }, /"msg":"bot connected to Discord"/).catch(async (error: unknown) => {
    await world.fake.close();
    throw error;
  });
  try {
    await fetch(`${app.url}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ guild_id: world.guild.id, name: 'hello', response: 'Hello {user}, you said {args}' }),
    });
    for (let i = 0; i < 200; i++) await world.say(`!hello warm-up ${i}`);

    const latencies: number[] = [];
    for (let i = 0; i < latencyRuns; i++) {
      const started = performance.now();
      await world.say(`!hello ${i}`);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);

    const target = world.fake.sentMessages.length + burst;
    const cpuBefore = processUsage(app.child.pid ?? 0).cpuSeconds;
    const started = performance.now();
    for (let sent = 0; sent < burst; ) {
      // Keep a bounded number in flight, as a busy gateway would deliver them.
      while (sent < burst && sent - (world.fake.sentMessages.length - (target - burst)) < inFlight) {
        world.fake.sendMessage({ channel_id: world.channelId, author: world.member, content: `!hello burst ${sent}` });
        sent++;
      }
      await sleep(1);
    }
    while (world.fake.sentMessages.length < target) await sleep(5);
    const seconds = (performance.now() - started) / 1_000;
    const usage = processUsage(app.child.pid ?? 0);
    await sleep(1_500);
    const logs = await fetch(`${app.url}/api/data?guild_id=${world.guild.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { uses } = (await logs.json()) as { uses: number };
    return {
      database: databaseUrl ? 'PostgreSQL' : 'embedded',
      'latency median (MESSAGE_CREATE → reply POST)': `${percentile(latencies, 50).toFixed(2)} ms`,
      'latency p99': `${percentile(latencies, 99).toFixed(2)} ms`,
      [`throughput (${burst} × !hello, ${inFlight} in flight)`]: `${(burst / seconds).toFixed(0)} messages/s`,
      'Concord CPU during the burst': `${(((usage.cpuSeconds - cpuBefore) / seconds) * 100).toFixed(0)} % of one core`,
      'Concord RSS after the burst': `${usage.rssMiB.toFixed(0)} MiB`,
      'log rows written': `${uses} of ${200 + latencyRuns + burst}`,
    };
  } finally {
    await app.stop();
    await world.fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
