// One IDENTIFY per bucket (shard_id % max_concurrency) every 5 s across the whole bot, however many
// processes hold its shards: each identify first takes a lock in Redis that lives 5 s.
// https://discord.com/developers/docs/events/gateway#sharding-max-concurrency
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type IIdentifyThrottler, SimpleIdentifyThrottler, type WebSocketManager } from '@discordjs/ws';
import { Histogram } from 'prom-client';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';

/** Discord's identify window per bucket. */
export const IDENTIFY_WINDOW_MS = 5_000;
/** Held a little past the window: Discord times the IDENTIFY when it arrives, which is after the
 *  lock was taken (the send, a slow event loop), so a lock of exactly 5 s lets the next one in early. */
const LOCK_MS = IDENTIFY_WINDOW_MS + 250;

export interface RedisIdentifyOptions {
  redis: RedisLink;
  /** The bot token: the lock is per application, which a hash of the token names without revealing it. */
  token: string;
  maxConcurrency: number;
  log: Logger;
  metrics?: Metrics | undefined;
}

/** An `IIdentifyThrottler` whose per-bucket lock is `SET key NX PX 5000` in Redis. */
export function redisIdentifyThrottler({ redis, token, maxConcurrency, log, metrics }: RedisIdentifyOptions): IIdentifyThrottler {
  const application = createHash('sha256').update(token).digest('hex').slice(0, 16);
  const waits = metrics ? identifyWaitHistogram(metrics) : undefined;
  // If Redis is down, this process at least keeps its own shards 5 s apart (Discord answers the
  // rest with op 9, which the library retries); identifying must not stall on Redis.
  const local = new SimpleIdentifyThrottler(maxConcurrency);
  return {
    async waitForIdentify(shardId, signal) {
      const bucket = shardId % maxConcurrency;
      const key = `${redis.prefix}identify:${application}:${bucket}`;
      const started = performance.now();
      for (;;) {
        signal.throwIfAborted();
        const waitMs = await redis.attempt(
          'identify',
          async (client) => {
            if ((await client.set(key, String(shardId), 'PX', LOCK_MS, 'NX')) === 'OK') return 0;
            // Held by another shard's identify: wait out what is left of its window.
            return Math.max(await client.pttl(key), 1);
          },
          async () => {
            await local.waitForIdentify(shardId, signal);
            return 0;
          },
        );
        if (waitMs === 0) break;
        // A little jitter so shards waiting on one bucket do not all ask at the same millisecond.
        await sleep(waitMs + Math.random() * 50, undefined, { signal });
      }
      const seconds = (performance.now() - started) / 1_000;
      waits?.observe({ bucket: String(bucket) }, seconds);
      if (seconds > 0.5) log.debug({ shardId, bucket, waitedMs: Math.round(seconds * 1_000) }, 'identify waited for its bucket');
    },
  };
}

/** The `buildIdentifyThrottler` option: honours `max_concurrency` from GET /gateway/bot. */
export function buildRedisIdentifyThrottler(options: Omit<RedisIdentifyOptions, 'maxConcurrency'>) {
  return async (manager: WebSocketManager): Promise<IIdentifyThrottler> => {
    const info = await manager.fetchGatewayInformation();
    return redisIdentifyThrottler({ ...options, maxConcurrency: info.session_start_limit.max_concurrency });
  };
}

function identifyWaitHistogram(metrics: Metrics) {
  const name = 'concord_gateway_identify_wait_seconds';
  const existing = metrics.registry.getSingleMetric(name);
  if (existing) return existing as Histogram<'bucket'>;
  return new Histogram({
    name,
    help: 'Time a shard waited for its identify bucket (shared across processes through Redis)',
    labelNames: ['bucket'],
    buckets: [0.01, 0.1, 0.5, 1, 2.5, 5, 10, 20, 40],
    registers: [metrics.registry],
  });
}
