// What the /stats and /top commands read: the database in-process (the split bot's API reader is in bot/api-client.ts).

import type { Sql } from '../../platform/db/connect.ts';
import { leaderboard, optOutUser, type StatsMetric, userStats, utcDay } from './queries.ts';
import type { LeaderboardRow, UserStats } from './schema.ts';

export interface StatsReader {
  userStats(guildId: string, userId: string): Promise<UserStats>;
  /** Top users by `metric` over the last `days` days (null: all time). */
  leaderboard(guildId: string, metric: StatsMetric, days: number | null, limit: number): Promise<LeaderboardRow[]>;
  /** Stops counting the user and deletes their stats; returns the rows deleted. */
  optOut(userId: string): Promise<number>;
}

export function sqlStatsReader(sql: Sql): StatsReader {
  return {
    userStats: (guildId, userId) => userStats(sql, guildId, userId, utcDay(new Date())),
    leaderboard: (guildId, metric, days, limit) => leaderboard(sql, guildId, metric, days === null ? null : utcDay(new Date(), 1 - days), limit),
    optOut: (userId) => optOutUser(sql, userId),
  };
}
