// The event log's costs, in one process with the module's own handlers and poster: the CPU of
// logging one event (a message cached, then deleted and rendered into an entry), the posts a burst of
// 1,000 deletes costs in one log channel, and the memory of the message cache per 10,000 messages.
// Discord is a counter of the posts it is asked for; no database (entries are written in batches per
// round, off the handlers' path).
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { API } from '@discordjs/core';
import type { DispatchData } from '../../src/module-kit/contract.ts';
import { resolveValues } from '../../src/module-kit/settings.ts';
import { cacheMessage, logDelete } from '../../src/modules/event-log/messages.ts';
import { createEventLog, type EventLogContext } from '../../src/modules/event-log/service.ts';
import { SETTINGS } from '../../src/modules/event-log/settings.ts';
import { createLogger } from '../../src/platform/log.ts';

const GUILD = '100000000000000001';
const CHANNEL = '100000000000000002';
const LOG_CHANNEL = '100000000000000003';
const DISCORD_EPOCH = 1_420_070_400_000n;

export async function benchEventLog({ events = 50_000 } = {}) {
  return { ...(await benchCpu(events)), ...(await benchBurst(1_000)), ...benchMemory(100_000) };
}

function world({ cachePerGuild = 10_000, cacheMax = 200_000 } = {}) {
  let posts = 0;
  const discord = { channels: { createMessage: async () => void posts++ } } as unknown as API;
  const log = createEventLog({
    sql: undefined,
    discord: () => discord,
    log: createLogger('silent'),
    // A flush interval the bench never waits for: it drives the rounds itself.
    config: { EVENT_LOG_CACHE_PER_GUILD: cachePerGuild, EVENT_LOG_CACHE_MAX: cacheMax, EVENT_LOG_FLUSH_INTERVAL_MS: 3_600_000, EVENT_LOG_AUDIT_WAIT_MS: 0 },
  });
  const ctx = { guild: { id: GUILD }, settings: resolveValues(SETTINGS, { message_channel_id: LOG_CHANNEL }), instance: log } as unknown as EventLogContext;
  return { log, ctx, posts: () => posts };
}

function message(i: number): DispatchData<'MESSAGE_CREATE'> {
  const id = String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) + BigInt(i));
  return {
    id,
    channel_id: CHANNEL,
    guild_id: GUILD,
    author: { id: String(200_000_000_000_000_000n + BigInt(i % 500)), username: `user${i % 500}`, discriminator: '0', global_name: null, avatar: null },
    content: `message number ${i}: some ordinary chat of about sixty characters or so`,
    attachments: [],
    member: { roles: [] },
  } as unknown as DispatchData<'MESSAGE_CREATE'>;
}

async function benchCpu(events: number) {
  const { log, ctx } = world();
  const messages = Array.from({ length: events }, (_, i) => message(i));
  const cpu = process.cpuUsage();
  for (const m of messages) cacheMessage(ctx, m);
  const cached = process.cpuUsage(cpu);
  const cpu2 = process.cpuUsage();
  for (const m of messages) logDelete(ctx, { id: m.id, channel_id: CHANNEL, guild_id: GUILD });
  const deleted = process.cpuUsage(cpu2);
  await log.close();
  const perEvent = (usage: NodeJS.CpuUsage) => `${((usage.user + usage.system) / events).toFixed(2)} µs CPU`;
  return {
    [`a message cached (MESSAGE_CREATE), per event (${events.toLocaleString('en')})`]: perEvent(cached),
    [`a delete logged: rendered and queued, per event (${events.toLocaleString('en')})`]: perEvent(deleted),
  };
}

async function benchBurst(deletes: number) {
  const { log, ctx, posts } = world();
  const messages = Array.from({ length: deletes }, (_, i) => message(i));
  for (const m of messages) cacheMessage(ctx, m);
  for (const m of messages) logDelete(ctx, { id: m.id, channel_id: CHANNEL, guild_id: GUILD });
  let rounds = 0;
  while (log.stats().queued > 0 && rounds < 1_000) {
    await log.flush();
    rounds++;
  }
  const { dropped } = log.stats();
  await log.close();
  return { [`posts for a burst of ${deletes.toLocaleString('en')} deletes in one channel`]: `${posts()} posts in ${rounds} rounds (one post a round), ${dropped} entries dropped` };
}

function benchMemory(count: number) {
  // `npm run bench` runs without --expose-gc: the flag is set now and gc taken from a fresh context.
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { log, ctx } = world({ cachePerGuild: count, cacheMax: count });
  gc();
  const before = process.memoryUsage().heapUsed;
  // Each event made and dropped as the gateway does: what stays is what the cache keeps.
  for (let i = 0; i < count; i++) cacheMessage(ctx, message(i));
  gc();
  const after = process.memoryUsage().heapUsed;
  const size = log.messages.size;
  void log.close();
  return {
    [`message cache memory per 10,000 messages (~60 characters each, ${count.toLocaleString('en')} cached)`]: `${((((after - before) / size) * 10_000) / 1_048_576).toFixed(2)} MiB`,
  };
}
