// The reminder scheduler's speed against the fake Discord with Discord's rate limit out of the way:
// `count` reminders set with `!remind` for the same second, then how fast they go out and how long
// after their due time each is sent (as the fake records the REST call).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeWorld } from '../support/bot.ts';
import { percentile, runBundle } from './process.ts';

/** Time to set every reminder before they fall due. */
const SETUP_MS = 30_000;
/** Reminders are set in this many channels: Discord (and the REST library) send one message at a
 *  time per channel, so one busy channel would measure that queue rather than the scheduler. */
const CHANNELS = 50;

export async function benchReminders(databaseUrl: string | undefined, { count = 2_000, inFlight = 200 } = {}) {
  const world = await startFakeWorld();
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const app = await runBundle(
    'all',
    {
      ...world.env,
      API_TOKEN: 'bench-token-0123456789abcdef',
      DATA_DIR: dataDir,
      DISCORD_GLOBAL_RATE_LIMIT: '1000000',
      REMINDERS_PER_USER: String(count),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    /"msg":"bot connected to Discord"/,
  ).catch(async (error: unknown) => {
    await world.fake.close();
    throw error;
  });
  try {
    const guild = world.fake.addGuild({
      name: 'Bench Guild',
      channels: Array.from({ length: CHANNELS }, (_, i) => ({ name: `bench-${i}` })),
      members: [{ user: world.member }],
    });
    const dueAt = Math.ceil((Date.now() + SETUP_MS) / 1_000) * 1_000;
    const when = new Date(dueAt).toISOString();
    const confirmed = () => world.fake.sentMessages.filter((m) => String(m.body.content).startsWith('Reminder #')).length;
    for (let sent = 0; sent < count; ) {
      while (sent < count && sent - confirmed() < inFlight) {
        world.fake.sendMessage({ channel_id: guild.channels[sent % CHANNELS]?.id ?? world.channelId, author: world.member, content: `!remind ${when} bench ${sent}` });
        sent++;
      }
      await sleep(1);
    }
    while (confirmed() < count) await sleep(5);
    if (Date.now() >= dueAt) throw new Error('setting the reminders took longer than SETUP_MS');

    const isReminder = (r: { method: string; body: unknown }) => r.method === 'POST' && String((r.body as { content?: unknown })?.content ?? '').includes('⏰ bench ');
    while (world.fake.requests.filter(isReminder).length < count) await sleep(20);
    const times = world.fake.requests
      .filter(isReminder)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const delays = times.map((at) => at - dueAt);
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1_000;
    return {
      database: databaseUrl ? 'PostgreSQL' : 'embedded',
      [`throughput (${count} reminders due in the same second, ${CHANNELS} channels)`]: `${(count / Math.max(seconds, 0.001)).toFixed(0)} reminders/s`,
      'delay due → sent, median': `${percentile(delays, 50).toFixed(0)} ms`,
      'delay due → sent, p99': `${percentile(delays, 99).toFixed(0)} ms`,
      'delay due → sent, first': `${(delays[0] ?? Number.NaN).toFixed(0)} ms`,
    };
  } finally {
    await app.stop();
    await world.fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
