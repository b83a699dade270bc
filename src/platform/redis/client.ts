// The link to Redis, shared by the command cache and the cooldowns. Every operation goes through
// `attempt`: when Redis fails or is slow the caller's fallback answers instead (the database or
// in-process state), counted in a metric and warned about once per outage; ioredis keeps
// reconnecting in the background and the next operation after it is back uses Redis again.
import { Redis, ReplyError } from 'ioredis';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors/index.js';
import { keepClassName } from '../errors/class-names.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/registry.ts';

// ioredis's errors take their name from their class; these two are the ones a failing operation logs.
keepClassName(ReplyError, 'ReplyError');
keepClassName(MaxRetriesPerRequestError, 'MaxRetriesPerRequestError');

export interface RedisLink {
  client: Redis;
  /** Prefix of every key and channel, so several deployments (or tests) can share one Redis. */
  prefix: string;
  /** Runs `operation` on Redis; on failure returns `fallback()` instead. */
  attempt<T>(name: string, operation: (client: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T>;
  /** A second connection in subscriber mode (a subscribed connection cannot run other commands). */
  subscribe(channel: string, onMessage: (message: string) => void, onReconnect: () => void): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  ping(timeoutMs: number): Promise<void>;
  /** Resolves true once connected, false after `timeoutMs` (the fallbacks answer meanwhile). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RedisOptions {
  url: string;
  prefix: string;
  /** Longest a command may take before the fallback answers. */
  timeoutMs: number;
  log: Logger;
  metrics?: Metrics;
}

export function connectRedis({ url, prefix, timeoutMs, log, metrics }: RedisOptions): RedisLink {
  const options = {
    // Fail at once while disconnected instead of queueing: the fallback answers meanwhile.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1_000),
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  };
  const client = new Redis(url, options);
  const subscribers: Redis[] = [];
  let isDown = false;
  client.on('error', () => {
    // Reported once per outage by `attempt`; ioredis emits this on every failed reconnect.
  });
  client.on('ready', () => {
    if (isDown) log.info('Redis is back; using it again');
    isDown = false;
  });

  const noteFailure = (name: string, error: unknown) => {
    metrics?.redisFallbacks.inc({ operation: name });
    if (isDown) return;
    isDown = true;
    log.warn({ err: error, operation: name }, 'Redis failed; falling back to the database and in-process state');
  };

  return {
    client,
    prefix,
    async attempt(name, operation, fallback) {
      let result: Awaited<ReturnType<typeof operation>>;
      try {
        result = await operation(client);
      } catch (error) {
        noteFailure(name, error);
        return fallback();
      }
      return result;
    },
    async subscribe(channel, onMessage, onReconnect) {
      const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
      subscribers.push(subscriber);
      subscriber.on('error', () => {});
      let wasReady = false;
      // Messages published while disconnected are lost: the owner must assume it missed some.
      subscriber.on('ready', () => {
        if (wasReady) onReconnect();
        wasReady = true;
      });
      subscriber.on('message', (from: string, message: string) => {
        if (from === prefix + channel) onMessage(message);
      });
      await subscriber.subscribe(prefix + channel).catch((error: unknown) => noteFailure('subscribe', error));
    },
    async publish(channel, message) {
      await client.publish(prefix + channel, message);
    },
    async ping(ms) {
      await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
    },
    async ready(ms) {
      if (client.status === 'ready') return true;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady);
          resolve(false);
        }, ms);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        client.once('ready', onReady);
      });
    },
    async close() {
      await Promise.allSettled([client, ...subscribers].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
