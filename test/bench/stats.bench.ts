// User stats under load: how many plain MESSAGE_CREATE events one `all` process ingests a second
// with stats counting on, its CPU and memory meanwhile, and how many database writes that costs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BOT_TOKEN } from '../support/bot.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';
import { processUsage, runBundle } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';

export async function benchStatsIngest(databaseUrl: string | undefined, { messages = 50_000, users = 500 } = {}) {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 5_000 });
  const authors = Array.from({ length: users }, (_, i) => fake.createUser({ username: `user${i}` }));
  const guild = fake.addGuild({ name: 'Busy', channels: [{ name: 'general' }], members: authors.map((user) => ({ user })) });
  const channelId = guild.channels[0]?.id ?? '';
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const app = await runBundle(
    'all',
    {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      API_TOKEN: TOKEN,
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    /"msg":"bot connected to Discord"/,
  ).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  const scrape = async (name: string) => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    return Number(text.split('\n').find((line) => line.startsWith(name))?.split(' ').at(-1) ?? 0);
  };
  const eventsMetric = 'concord_gateway_events_total{type="MESSAGE_CREATE"}';
  const writesMetric = 'concord_db_query_duration_seconds_count{query="addUserStats"}';
  try {
    const eventsBefore = await scrape(eventsMetric);
    const writesBefore = await scrape(writesMetric);
    const cpuBefore = processUsage(app.child.pid ?? 0).cpuSeconds;
    const started = performance.now();
    for (let sent = 0; sent < messages; sent++) {
      const author = authors[sent % users];
      if (author) fake.sendMessage({ channel_id: channelId, author, content: `just talking ${sent}` });
      if (sent % 500 === 499) await sleep(0);
    }
    while ((await scrape(eventsMetric)) - eventsBefore < messages) await sleep(20);
    const seconds = (performance.now() - started) / 1_000;
    const usage = processUsage(app.child.pid ?? 0);
    // The default 5 s flush writes what the burst counted.
    await sleep(6_000);
    const writes = (await scrape(writesMetric)) - writesBefore;
    return {
      database: databaseUrl ? 'PostgreSQL' : 'embedded',
      [`ingest (${messages} messages from ${users} users)`]: `${(messages / seconds).toFixed(0)} MESSAGE_CREATE/s`,
      'Concord CPU during the burst': `${(((usage.cpuSeconds - cpuBefore) / seconds) * 100).toFixed(0)} % of one core`,
      'Concord RSS after the burst': `${usage.rssMiB.toFixed(0)} MiB`,
      'stats writes for the burst': `${writes} (${((writes / messages) * 10_000).toFixed(1)} per 10,000 messages)`,
    };
  } finally {
    await app.stop();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
