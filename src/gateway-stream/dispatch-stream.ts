// Gateway dispatches on a Redis Stream: the gateway process appends each one (trimmed with
// MAXLEN ~), workers read them in one consumer group, so each event goes to one worker. Delivery is
// at least once: an entry is acknowledged after it was handled; one a dead worker held is reclaimed
// with XAUTOCLAIM once idle, and after too many deliveries it is set aside on a dead-letter stream.
//
// A thin layer over ioredis in the shape of @discordjs/brokers' PubSubRedisBroker (XADD, then
// XREADGROUP with BLOCK in one group, acknowledged once handled) rather than that package: its 1.0.0 release neither reclaims nor trims,
// reads a Lua file next to its own module at construction (which a single-file bundle does not
// have), and pins ioredis 5 where Concord runs ioredis 6.
// https://redis.io/docs/latest/develop/data-types/streams/
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';

/** What workers read: one gateway dispatch, with what only the gateway knows about it. */
export interface DispatchEntry {
  /** The stream entry id (`<ms>-<n>`). */
  id: string;
  /** The dispatch type, e.g. MESSAGE_CREATE. */
  type: string;
  shardId: number;
  /** The guild's name from the gateway's GUILD_CREATE, if the event is in a guild. */
  guildName: string | null;
  data: unknown;
  /** 1 on first delivery; more when reclaimed from a worker that did not acknowledge it. */
  deliveries: number;
}

export interface StreamSettings {
  /** Entries kept, roughly (MAXLEN ~): older ones are trimmed even if no worker read them. */
  maxLength: number;
  /** A delivered entry unacknowledged this long is taken over by another worker. */
  claimIdleMs: number;
  /** Past this many deliveries an entry goes to the dead-letter stream instead. */
  maxDeliveries: number;
}

export const WORKER_GROUP = 'workers';

export function streamKeys(prefix: string) {
  return { dispatches: `${prefix}gateway:dispatches`, dead: `${prefix}gateway:dispatches:dead`, done: (eventKey: string) => `${prefix}gateway:done:${eventKey}` };
}

/** Creates the workers' group if it is missing, from now on ('$'): whoever starts first, gateway or worker. */
export async function ensureGroup(client: Redis, key: string): Promise<void> {
  try {
    await client.xgroup('CREATE', key, WORKER_GROUP, '$', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
  }
}

/** The gateway's side: appends dispatches, trimming the stream as it goes. */
export function createDispatchPublisher(redis: RedisLink, settings: Pick<StreamSettings, 'maxLength'>, log: Logger, metrics?: Metrics) {
  const keys = streamKeys(redis.prefix);
  const counters = metrics ? streamMetrics(metrics) : undefined;
  return {
    async publish(type: string, shardId: number, guildName: string | null, data: unknown): Promise<void> {
      await redis.attempt(
        'stream-publish',
        async (client) => {
          await client.xadd(keys.dispatches, 'MAXLEN', '~', settings.maxLength, '*', 't', type, 's', String(shardId), 'g', guildName ?? '', 'd', JSON.stringify(data));
          counters?.published.inc({ type });
        },
        // Redis is the only way to the workers: the event is lost, and said so.
        () => {
          counters?.publishFailures.inc();
          log.warn({ type, shardId }, 'could not publish a gateway event to Redis; it is lost');
        },
      );
    },
  };
}

/** Lag (entries not yet read by the group) and pending (read, not acknowledged), at scrape time. */
export function observeStream(redis: RedisLink, metrics: Metrics): void {
  const key = streamKeys(redis.prefix).dispatches;
  const read = async () => {
    const groups = (await redis.attempt('stream-info', (client) => client.xinfo('GROUPS', key), () => [])) as unknown[][];
    for (const group of groups) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i < group.length; i += 2) fields.set(String(group[i]), group[i + 1]);
      if (fields.get('name') === WORKER_GROUP) return { lag: Number(fields.get('lag') ?? 0), pending: Number(fields.get('pending') ?? 0) };
    }
    return { lag: 0, pending: 0 };
  };
  metrics.gauge('concord_stream_lag', 'Gateway events in the stream that no worker has read yet', async () => (await read()).lag);
  metrics.gauge('concord_stream_pending', 'Gateway events read by a worker and not yet acknowledged', async () => (await read()).pending);
}

const registered = new WeakMap<Metrics, ReturnType<typeof createStreamMetrics>>();

/** The stream's counters in `metrics` (created once per registry). */
export function streamMetrics(metrics: Metrics) {
  let found = registered.get(metrics);
  if (!found) {
    found = createStreamMetrics(metrics);
    registered.set(metrics, found);
  }
  return found;
}

function createStreamMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    published: new Counter({ name: 'concord_stream_published_total', help: 'Gateway events published to the stream, by type', labelNames: ['type'], registers }),
    publishFailures: new Counter({ name: 'concord_stream_publish_failures_total', help: 'Gateway events lost because Redis did not take them', registers }),
    redeliveries: new Counter({ name: 'concord_stream_redeliveries_total', help: 'Gateway events taken over from a worker that did not acknowledge them', registers }),
    duplicates: new Counter({ name: 'concord_stream_duplicates_skipped_total', help: 'Redelivered gateway events already handled, acknowledged without running again', registers }),
    deadLetters: new Counter({ name: 'concord_stream_dead_letters_total', help: 'Gateway events moved to the dead-letter stream after too many deliveries', registers }),
  };
}
