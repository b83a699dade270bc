// The worker's side of the dispatch stream: reads new entries (XREADGROUP BLOCK), takes over
// entries idle past STREAM_CLAIM_IDLE_MS (XAUTOCLAIM), sets aside those delivered too often, handles
// batches concurrently and acknowledges each batch once what it queued is written.

import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';
import { type DispatchEntry, ensureGroup, type StreamSettings, streamKeys, streamMetrics, WORKER_GROUP } from './dispatch-stream.ts';

export interface ConsumerOptions {
  redis: RedisLink;
  settings: StreamSettings;
  /** Unique per worker process. */
  consumer: string;
  handle(entry: DispatchEntry): Promise<void>;
  /** An id for idempotency (e.g. the message id): an event published twice is handled once. */
  eventKey(entry: DispatchEntry): string | null;
  /** Runs after a batch is handled and before it is acknowledged (flushes the command log). */
  beforeAck?: () => Promise<void>;
  log: Logger;
  metrics?: Metrics | undefined;
  /** Entries read at once; they are handled concurrently. */
  count?: number;
  blockMs?: number;
}

/** A consumer idle this long with nothing pending is a worker that is gone. */
const CONSUMER_IDLE_MS = 15 * 60_000;
/** How long a handled event's id is remembered: longer than any redelivery can come after it. */
const DONE_TTL_MS = 10 * 60_000;

/** The worker's side: reads, reclaims, handles, acknowledges. */
export async function startDispatchConsumer(options: ConsumerOptions) {
  const { redis, settings, consumer, log } = options;
  const count = options.count ?? 50;
  const blockMs = options.blockMs ?? 1_000;
  const keys = streamKeys(redis.prefix);
  const counters = options.metrics ? streamMetrics(options.metrics) : undefined;
  // A blocked XREADGROUP holds its connection: it gets its own, with no short command timeout.
  const reader = redis.client.duplicate({ commandTimeout: blockMs + 5_000, enableOfflineQueue: true });
  reader.on('error', () => {});
  // Acknowledgements and keep-alives must not wait behind a blocked read.
  const writer = redis.client.duplicate({ commandTimeout: 5_000, enableOfflineQueue: true });
  writer.on('error', () => {});
  // Batches are handled while the next is read, up to this many entries in hand: one slow command
  // (or a log write) does not hold up the events behind it.
  const maxInHand = count * 4;
  let inHand = 0;
  const batches = new Set<Promise<void>>();
  const track = (entries: DispatchEntry[]) => {
    inHand += entries.length;
    const batch = handleAll(entries)
      .catch((error: unknown) => log.error({ err: error, entries: entries.length }, 'handling gateway events failed; they will be delivered again'))
      .finally(() => {
        inHand -= entries.length;
        batches.delete(batch);
      });
    batches.add(batch);
  };
  let running = true;
  let lastReadAt = 0;
  let claimCursor = '0-0';
  let lastClaimAt = 0;

  const handleAll = async (entries: DispatchEntry[]) => {
    if (entries.length === 0) return;
    const eventKeys = entries.map((entry) => options.eventKey(entry));
    const doneKeys = eventKeys.map((key) => (key ? keys.done(key) : null));
    const present = doneKeys.filter((key): key is string => key !== null);
    const done = present.length > 0 ? await writer.mget(...present) : [];
    const isDone = new Set(present.filter((_, i) => done[i] !== null));
    // Entries in hand stay ours while we work on them: claiming them again resets their idle time,
    // so a slow command is not taken over by another worker as if this one had died.
    const ids = entries.map((entry) => entry.id);
    const keepAlive = setInterval(() => {
      void writer.xclaim(keys.dispatches, WORKER_GROUP, consumer, 0, ...ids, 'JUSTID').catch(() => undefined);
    }, settings.claimIdleMs / 3);
    try {
      await Promise.all(
        entries.map(async (entry, i) => {
          const doneKey = doneKeys[i] ?? null;
          // The same event published again (a gateway resumed from a sequence saved a moment before
          // its last events replays them): handled once already, so only acknowledged.
          if (doneKey && isDone.has(doneKey)) counters?.duplicates.inc();
          else await options.handle(entry);
        }),
      );
      // What handling queued (the command log rows) is written before the events count as done: a
      // worker killed before this point leaves them pending, and whoever takes them over writes them.
      await options.beforeAck?.();
    } finally {
      clearInterval(keepAlive);
    }
    const multi = writer.multi();
    for (const doneKey of doneKeys) if (doneKey) multi.set(doneKey, '1', 'PX', DONE_TTL_MS);
    multi.xack(keys.dispatches, WORKER_GROUP, ...ids);
    await multi.exec();
  };

  const reclaim = async () => {
    const [next, claimed] = (await reader.xautoclaim(keys.dispatches, WORKER_GROUP, consumer, settings.claimIdleMs, claimCursor, 'COUNT', count)) as [string, [string, string[] | null][]];
    claimCursor = next;
    const live = claimed.filter((entry): entry is [string, string[]] => Array.isArray(entry[1]));
    if (live.length === 0) return;
    const first = live[0]?.[0] ?? '-';
    const last = live[live.length - 1]?.[0] ?? '+';
    const pending = (await reader.xpending(keys.dispatches, WORKER_GROUP, first, last, live.length, consumer)) as [string, string, number, number][];
    const deliveries = new Map(pending.map(([id, , , times]) => [id, times]));
    const entries: DispatchEntry[] = [];
    for (const [id, fields] of live) {
      const entry = toEntry(id, fields, deliveries.get(id) ?? 2);
      if (entry.deliveries > settings.maxDeliveries) {
        // It has failed (or killed its worker) this often: set aside for a person, not retried forever.
        await writer.multi().xadd(keys.dead, 'MAXLEN', '~', settings.maxLength, '*', ...fields).xack(keys.dispatches, WORKER_GROUP, id).exec();
        counters?.deadLetters.inc();
        log.error({ entryId: id, type: entry.type, deliveries: entry.deliveries }, 'gateway event delivered too often; moved to the dead-letter stream');
        continue;
      }
      counters?.redeliveries.inc();
      entries.push(entry);
    }
    log.info({ reclaimed: entries.length }, 'took over gateway events another worker did not acknowledge');
    track(entries);
  };

  // At start Redis must answer: a worker that cannot reach the stream is not started, not idle.
  await ensureGroup(reader, keys.dispatches);
  lastReadAt = Date.now();
  let lastSweepAt = Date.now();
  // A worker killed outright stays listed in the group; once others took over its entries it is
  // only clutter (XINFO CONSUMERS), so consumers idle long with nothing pending are removed.
  const sweepConsumers = async () => {
    const consumers = (await writer.xinfo('CONSUMERS', keys.dispatches, WORKER_GROUP)) as unknown[][];
    for (const fields of consumers) {
      const info = new Map<string, unknown>();
      for (let i = 0; i < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
      const name = String(info.get('name'));
      if (name !== consumer && Number(info.get('pending')) === 0 && Number(info.get('idle')) > CONSUMER_IDLE_MS) {
        await writer.xgroup('DELCONSUMER', keys.dispatches, WORKER_GROUP, name);
      }
    }
  };
  const loop = async () => {
    while (running) {
      try {
        if (Date.now() - lastSweepAt > 60_000) {
          lastSweepAt = Date.now();
          await sweepConsumers();
        }
        if (inHand >= maxInHand) {
          lastReadAt = Date.now();
          await Promise.race(batches);
          continue;
        }
        if (Date.now() - lastClaimAt >= settings.claimIdleMs / 2) {
          lastClaimAt = Date.now();
          await reclaim();
        }
        const room = Math.max(1, Math.min(count, maxInHand - inHand));
        const read = (await reader.xreadgroup('GROUP', WORKER_GROUP, consumer, 'COUNT', room, 'BLOCK', blockMs, 'STREAMS', keys.dispatches, '>')) as
          | [string, [string, string[]][]][]
          | null;
        lastReadAt = Date.now();
        const entries = (read?.[0]?.[1] ?? []).map(([id, fields]) => toEntry(id, fields, 1));
        if (entries.length > 0) track(entries);
      } catch (error) {
        if (!running) break;
        // Redis away: unacknowledged entries stay pending and are read again or reclaimed.
        log.warn({ err: error }, 'reading gateway events from Redis failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const done = loop();

  return {
    /** Whether the last read from the stream was recent (the worker's readiness). */
    isConsuming: () => running && Date.now() - lastReadAt < blockMs + 5_000,
    /** Stops reading, lets the entries in hand finish, and leaves the group. */
    async stop(): Promise<void> {
      running = false;
      await done;
      await Promise.all(batches);
      // Only a consumer with nothing pending may leave: leaving drops its pending entries.
      const pending = (await reader.xpending(keys.dispatches, WORKER_GROUP, '-', '+', 1, consumer).catch(() => [1])) as unknown[];
      if (pending.length === 0) await reader.xgroup('DELCONSUMER', keys.dispatches, WORKER_GROUP, consumer).catch(() => undefined);
      reader.disconnect();
      writer.disconnect();
    },
  };
}

function toEntry(id: string, fields: string[], deliveries: number): DispatchEntry {
  const map = new Map<string, string>();
  for (let i = 0; i < fields.length; i += 2) map.set(fields[i] ?? '', fields[i + 1] ?? '');
  return {
    id,
    type: map.get('t') ?? '',
    shardId: Number(map.get('s') ?? 0),
    guildName: map.get('g') || null,
    data: JSON.parse(map.get('d') ?? 'null') as unknown,
    deliveries,
  };
}
