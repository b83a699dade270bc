// Typed wrappers over stats.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import type { LeaderboardRow, UserStats } from './schema.ts';
import text from './stats.sql';

const q = namedQueries(text, ['addUserStats', 'userStats', 'leaderboard', 'guildTotals', 'guildDailySeries', 'optOutUser', 'deleteUserStats']);

export const STATS_METRICS = ['messages', 'commands'] as const;
export type StatsMetric = (typeof STATS_METRICS)[number];

/** One flush's count for a user in a guild on a UTC day (`YYYY-MM-DD`). */
export interface UserStatsDelta {
  guild_id: string;
  user_id: string;
  day: string;
  messages: number;
  commands: number;
}

/** Adds a batch of counts in one statement (opted-out users skipped). */
export async function addUserStats(sql: Sql, deltas: readonly UserStatsDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await exec(sql, q.addUserStats, [deltas]);
}

export async function userStats(sql: Sql, guildId: string, userId: string, today: string): Promise<UserStats> {
  return (await one<UserStats>(sql, q.userStats, [guildId, userId, today])) as UserStats;
}

/** Top users by `metric` since `since` (a UTC date; null: all time). */
export function leaderboard(sql: Sql, guildId: string, metric: StatsMetric, since: string | null, limit: number): Promise<LeaderboardRow[]> {
  return many(sql, q.leaderboard, [guildId, metric, since, limit]);
}

export async function guildTotals(sql: Sql, guildId: string, since: string): Promise<{ messages: string; commands: string; active_users: number }> {
  const row = await one<{ messages: string; commands: string; active_users: number }>(sql, q.guildTotals, [guildId, since]);
  return row ?? { messages: '0', commands: '0', active_users: 0 };
}

export function guildDailySeries(sql: Sql, guildId: string, from: string, to: string): Promise<{ day: string; messages: string; commands: string; active_users: number }[]> {
  return many(sql, q.guildDailySeries, [guildId, from, to]);
}

/** Stops counting `userId` and deletes their rows; returns how many daily rows were deleted. */
export async function optOutUser(sql: Sql, userId: string): Promise<number> {
  const row = await one<{ deleted: number }>(sql, q.optOutUser, [userId]);
  return row?.deleted ?? 0;
}

/** `YYYY-MM-DD` of `date` in UTC, `offsetDays` later. */
export function utcDay(date: Date, offsetDays = 0): string {
  return new Date(date.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Deletes the user's counts everywhere (not an opt-out); returns the daily rows deleted. */
export async function deleteUserStats(sql: Sql, userId: string): Promise<number> {
  return (await one<{ deleted: number }>(sql, q.deleteUserStats, [userId]))?.deleted ?? 0;
}
