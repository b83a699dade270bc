// Counts messages and command uses in memory and writes the totals every few seconds as one batch,
// so a busy guild costs one upsert per flush, never one write per message. A failed write keeps its
// counts for the next flush; shutdown flushes what is left.

import type { Logger } from '../../platform/log.ts';
import type { UserStatsDelta } from './queries.ts';

export interface StatsCounter {
  /** The hot path: one map update, no I/O. */
  countMessage(guildId: string, userId: string): void;
  countCommand(guildId: string, userId: string): void;
  /** Writes what is counted so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes once more. */
  close(): Promise<void>;
  /** Distinct (guild, user, day) counts waiting for the next flush. */
  pending(): number;
  /** Batches written so far. */
  writes(): number;
}

export interface StatsCounterOptions {
  /** Adds one batch of deltas; counts are additive, so a write must not be repeated after success. */
  write(batch: UserStatsDelta[]): Promise<void>;
  log: Logger;
  intervalMs: number;
  /** Rows per write; a flush with more sends several. */
  batchSize?: number;
  now?: () => Date;
}

export function createStatsCounter({ write, log, intervalMs, batchSize = 5_000, now = () => new Date() }: StatsCounterOptions): StatsCounter {
  let counts = new Map<string, UserStatsDelta>();
  let writes = 0;
  let running: Promise<void> | undefined;
  // The day changes rarely: keep its string instead of formatting a date per message.
  let day = '';
  let dayEndsAt = 0;

  const bump = (guildId: string, userId: string, field: 'messages' | 'commands') => {
    const today = now();
    if (today.getTime() >= dayEndsAt) {
      day = today.toISOString().slice(0, 10);
      dayEndsAt = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1);
    }
    const key = `${guildId}:${userId}:${day}`;
    let delta = counts.get(key);
    if (!delta) {
      delta = { guild_id: guildId, user_id: userId, day, messages: 0, commands: 0 };
      counts.set(key, delta);
    }
    delta[field]++;
  };

  const drain = async () => {
    if (counts.size === 0) return;
    const taken = counts;
    counts = new Map();
    const rows = [...taken.values()];
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      try {
        await write(batch);
        writes++;
      } catch (error) {
        // Put back what was not written; counts that arrived meanwhile add to it.
        for (const row of rows.slice(i)) merge(counts, row);
        log.warn({ err: error, pending: counts.size }, 'stats write failed; will retry at the next flush');
        return;
      }
    }
  };

  const flush = () => {
    running ??= drain().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    countMessage: (guildId, userId) => bump(guildId, userId, 'messages'),
    countCommand: (guildId, userId) => bump(guildId, userId, 'commands'),
    flush,
    async close() {
      clearInterval(timer);
      await running;
      await flush();
      if (counts.size > 0) log.error({ lost: counts.size }, 'user stats not written before shutdown');
    },
    pending: () => counts.size,
    writes: () => writes,
  };
}

function merge(into: Map<string, UserStatsDelta>, row: UserStatsDelta) {
  const key = `${row.guild_id}:${row.user_id}:${row.day}`;
  const existing = into.get(key);
  if (!existing) into.set(key, { ...row });
  else {
    existing.messages += row.messages;
    existing.commands += row.commands;
  }
}
