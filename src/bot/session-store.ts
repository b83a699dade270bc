// Where each shard's gateway session (id, sequence, resume URL) is kept, so that a process that
// restarts, or takes over a shard from one that died, RESUMEs instead of spending a session start.
// https://discord.com/developers/docs/events/gateway#resuming
import { createHash } from 'node:crypto';
import type { SessionInfo } from '@discordjs/ws';
import type { Logger } from '../platform/log.ts';
import type { RedisLink } from '../platform/redis/client.ts';

export interface GatewaySessionStore {
  retrieve(shardId: number): SessionInfo | null | Promise<SessionInfo | null>;
  update(shardId: number, info: SessionInfo | null): void;
  /** Whether a session outlives this process: then a stop closes with a resumable code and keeps it. */
  readonly survivesRestart: boolean;
  /** Called before the gateway closes on stop: from now on a cleared session stays stored. */
  stopping(): void;
  /** Writes what is not yet written (the latest sequence). */
  flush(): Promise<void>;
}

/** Sessions in a Map: lost with the process (the library's default, but per manager). */
export function memorySessionStore(): GatewaySessionStore {
  const sessions = new Map<number, SessionInfo>();
  return {
    retrieve: (shardId) => sessions.get(shardId) ?? null,
    update(shardId, info) {
      if (info) sessions.set(shardId, info);
      else sessions.delete(shardId);
    },
    survivesRestart: false,
    stopping() {},
    flush: async () => {},
  };
}

/** Discord does not publish how long a disconnected session stays resumable; minutes, in practice.
 *  Past this a stored session is dropped rather than tried (a stale one only costs an op 9). */
export const SESSION_TTL_MS = 5 * 60_000;
/** The library reports every dispatch's sequence; Redis hears the latest at most this often. */
const SEQUENCE_WRITE_MS = 1_000;

export interface RedisSessionOptions {
  redis: RedisLink;
  token: string;
  log: Logger;
  ttlMs?: number;
  writeIntervalMs?: number;
}

/**
 * Sessions in Redis, read once per shard and then served from memory (the library asks on every
 * dispatch). A new session is written at once; sequence updates are batched. A process killed
 * outright loses at most the last interval of sequence, so a resume replays a few events twice:
 * handling is idempotent by event id for that reason.
 */
export function redisSessionStore({ redis, token, log, ttlMs = SESSION_TTL_MS, writeIntervalMs = SEQUENCE_WRITE_MS }: RedisSessionOptions): GatewaySessionStore {
  const application = createHash('sha256').update(token).digest('hex').slice(0, 16);
  const keyOf = (shardId: number) => `${redis.prefix}gateway-session:${application}:${shardId}`;
  const known = new Map<number, SessionInfo | null>();
  const dirty = new Map<number, SessionInfo | null>();
  let isStopping = false;
  let timer: NodeJS.Timeout | undefined;

  const write = async (shardId: number, info: SessionInfo | null) => {
    await redis.attempt(
      'gateway-session',
      async (client) => {
        if (info) await client.set(keyOf(shardId), JSON.stringify(info), 'PX', ttlMs);
        else await client.del(keyOf(shardId));
      },
      // Not fatal: without it a restart identifies, as it would without Redis.
      () => log.debug({ shardId }, 'gateway session not saved to Redis'),
    );
  };
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = [...dirty];
    dirty.clear();
    await Promise.all(batch.map(([shardId, info]) => write(shardId, info)));
  };
  // A quiet shard sends no dispatches; its stored session must not expire while it is alive.
  const refresh = setInterval(() => {
    for (const [shardId, info] of known) if (info) dirty.set(shardId, info);
    void flush();
  }, ttlMs / 3);
  refresh.unref();
  const schedule = () => {
    timer ??= setTimeout(() => void flush(), writeIntervalMs);
    timer.unref();
  };

  return {
    async retrieve(shardId) {
      if (known.has(shardId)) return known.get(shardId) ?? null;
      const stored = await redis.attempt('gateway-session', (client) => client.get(keyOf(shardId)), () => null);
      const info = stored ? (JSON.parse(stored) as SessionInfo) : null;
      // Another call may have set it while Redis answered; that one is newer.
      if (!known.has(shardId)) known.set(shardId, info);
      return known.get(shardId) ?? null;
    },
    update(shardId, info) {
      const previous = known.get(shardId);
      known.set(shardId, info);
      // The library clears sessions as it closes on stop; the stored one is what the next process resumes.
      if (info === null && isStopping) return;
      dirty.set(shardId, info);
      if (!info || previous?.sessionId !== info.sessionId) void flush();
      else schedule();
    },
    survivesRestart: true,
    stopping() {
      isStopping = true;
      clearInterval(refresh);
    },
    flush,
  };
}
