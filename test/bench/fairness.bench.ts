// One guild floods custom commands (2,000 across 10 channels) while another asks once every 100 ms:
// how long the quiet guild waits for each reply, with Discord's 50 requests a second, with the
// guild budget (GUILD_COMMAND_RATE) as deployed and lifted (first come, first served), in one run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeWorld } from '../support/bot.ts';
import { percentile, runBundle } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const REPLIED_TO = (id: string) => (m: { body: Record<string, unknown> }) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === id;

export async function benchFairness(databaseUrl: string | undefined, { flood = 2_000, probes = 20 } = {}) {
  const budgeted = await quietGuildWaits(databaseUrl, {}, flood, probes);
  const lifted = await quietGuildWaits(databaseUrl, { GUILD_COMMAND_RATE: '1000000', GUILD_COMMAND_BURST: '1000000' }, flood, probes);
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(0)} ms`;
  return {
    load: `${flood} × !hello in one guild over 10 channels; the other guild asks every 100 ms, ${probes} times; Discord's 50/s global limit`,
    'quiet guild reply, median: guild budget (target ≤ 100 ms)': ms(budgeted.waits, 50),
    'quiet guild reply, max: guild budget': ms(budgeted.waits, 100),
    'quiet guild reply, median: first come, first served': ms(lifted.waits, 50),
    'quiet guild reply, max: first come, first served': ms(lifted.waits, 100),
    'flood replies sent meanwhile: guild budget': String(budgeted.floodReplies),
    'flood replies sent meanwhile: first come, first served': String(lifted.floodReplies),
  };
}

async function quietGuildWaits(databaseUrl: string | undefined, extraEnv: Record<string, string>, flood: number, probes: number) {
  const world = await startFakeWorld({ globalRateLimit: 50 });
  const { fake, member } = world;
  const quiet = fake.addGuild({ name: 'Quiet', channels: [{ name: 'lobby' }], members: [{ user: member }] });
  const lobby = quiet.channels[0]?.id ?? '';
  const raid = [world.channelId, ...Array.from({ length: 9 }, (_, i) => fake.addChannel(world.guild.id, { name: `raid-${i}` }).id)];
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const app = await runBundle(
    'all',
    { ...world.env, API_TOKEN: TOKEN, DATA_DIR: dataDir, LOG_FLUSH_INTERVAL_MS: '1000', ...extraEnv, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    /"msg":"bot connected to Discord"/,
  ).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  try {
    for (const guildId of [world.guild.id, quiet.id]) {
      await fetch(`${app.url}/api/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ guild_id: guildId, name: 'hello', response: 'Hello {user}' }),
      });
    }
    // Warm both guilds' command caches and the connection.
    for (const channel of [world.channelId, lobby]) {
      const warm = fake.sendMessage({ channel_id: channel, author: member, content: '!hello' });
      await fake.waitForMessage(REPLIED_TO(warm.id), { timeout: 10_000 });
    }
    await sleep(1_500);
    const sentBefore = fake.sentMessages.length;
    for (let i = 0; i < flood; i++) fake.sendMessage({ channel_id: raid[i % raid.length] ?? world.channelId, author: member, content: `!hello ${i}` });
    const waits: number[] = [];
    for (let i = 0; i < probes; i++) {
      await sleep(100);
      const started = performance.now();
      const asked = fake.sendMessage({ channel_id: lobby, author: member, content: '!hello' });
      await fake.waitForMessage(REPLIED_TO(asked.id), { timeout: 120_000 });
      waits.push(performance.now() - started);
    }
    waits.sort((a, b) => a - b);
    return { waits, floodReplies: fake.sentMessages.length - sentBefore - probes };
  } finally {
    await app.stop();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
