// Cooldowns that survive restarts. Memory answers at once (a reply never waits for the database);
// each cooldown started is written to Postgres behind the reply, and those still running are read
// back at start. It serves every cooldown (built-in and custom) where Redis is not configured, and
// memoryCooldowns alone is the in-process store everywhere else (tests, Redis being away).

import type { Sql } from '../../platform/db/connect.ts';
import type { Logger } from '../../platform/log.ts';
import { deleteEndedCooldowns, listRunningCooldowns, upsertCooldowns } from './queries.ts';

/** Where cooldowns are kept: memory (below), or Redis (cache/cooldowns.ts). */
export interface CooldownStore {
  /** Starts the cooldown for `key` unless one is running; returns the seconds left of a running one, else 0. */
  take(key: string, seconds: number): number | Promise<number>;
}

/** One scope of a combined cooldown: `custom:12:user:34` for 30 s. */
export interface CooldownEntry {
  key: string;
  seconds: number;
}

/** A cooldown store that can start several cooldowns at once, only if none of them is running. */
export interface CombinedCooldownStore extends CooldownStore {
  takeAll(entries: readonly CooldownEntry[]): number | Promise<number>;
}

/** In memory, with each started cooldown written to Postgres and the running ones read back now. */
export async function loadPersistentCooldowns(sql: Sql, log: Logger, now: () => number = Date.now): Promise<CombinedCooldownStore> {
  const until = new Map<string, number>();
  await deleteEndedCooldowns(sql);
  for (const row of await listRunningCooldowns(sql)) until.set(row.key, new Date(row.expires_at).getTime());
  const persist = (entries: readonly CooldownEntry[], at: number) => {
    const rows = entries.filter((e) => e.seconds > 0).map((e) => ({ key: e.key, expires_at: new Date(at + e.seconds * 1_000) }));
    if (rows.length === 0) return;
    // Behind the reply: a failed write costs only the cooldown's survival of a restart.
    upsertCooldowns(sql, rows).catch((error: unknown) => log.warn({ err: error }, 'could not persist cooldowns'));
  };
  return memoryCooldowns(until, now, persist);
}

/** Combined cooldowns kept in `until` (key → end in ms); `onTake` hears of each set started. */
export function memoryCooldowns(
  until = new Map<string, number>(),
  now: () => number = Date.now,
  onTake: (entries: readonly CooldownEntry[], at: number) => void = () => {},
): CombinedCooldownStore {
  const takeAll = (entries: readonly CooldownEntry[]) => {
    const at = now();
    let wait = 0;
    for (const { key, seconds } of entries) {
      const end = until.get(key);
      if (seconds > 0 && end !== undefined && end > at) wait = Math.max(wait, Math.ceil((end - at) / 1_000));
    }
    if (wait > 0) return wait;
    for (const { key, seconds } of entries) if (seconds > 0) until.set(key, at + seconds * 1_000);
    onTake(entries, at);
    if (until.size > 10_000) for (const [key, end] of until) if (end <= at) until.delete(key);
    return 0;
  };
  return { takeAll, take: (key, seconds) => takeAll([{ key, seconds }]) };
}

/**
 * Starts every cooldown of `entries` unless one is running; the seconds until all have ended, else 0.
 * A store without takeAll (Redis) is asked scope by scope, longest first, so a refusal usually comes
 * before shorter cooldowns are started.
 */
export async function takeCombined(store: CooldownStore | CombinedCooldownStore, entries: CooldownEntry[]): Promise<number> {
  const active = entries.filter((e) => e.seconds > 0);
  if (active.length === 0) return 0;
  if ('takeAll' in store) return store.takeAll(active);
  for (const entry of active.sort((a, b) => b.seconds - a.seconds)) {
    const wait = await store.take(entry.key, entry.seconds);
    if (wait > 0) return wait;
  }
  return 0;
}
