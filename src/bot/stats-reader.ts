// What the /stats and /top commands read: the database in-process, or the API from a split bot.

import { leaderboard, optOutUser, type StatsMetric, userStats, utcDay } from '../features/stats/queries.ts';
import type { LeaderboardRow, UserStats } from '../features/stats/schema.ts';
import type { Sql } from '../platform/db/connect.ts';
import type { ApiClient } from './api-client.ts';

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

export function apiStatsReader(api: ApiClient): StatsReader {
  return {
    userStats: (guildId, userId) => api.request('GET', `/api/stats/users/${userId}?guild_id=${guildId}`),
    async leaderboard(guildId, metric, days, limit) {
      const period = days === null ? '' : `&days=${days}`;
      const body = await api.request<{ items: LeaderboardRow[] }>('GET', `/api/stats/leaderboard?guild_id=${guildId}&metric=${metric}&limit=${limit}${period}`);
      return body.items;
    },
    async optOut(userId) {
      const body = await api.request<{ deleted: number }>('DELETE', `/api/stats/users/${userId}`);
      return body.deleted;
    },
  };
}
