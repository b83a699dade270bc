// Where a process's stats go and come from: the database, or Concord's API in a split bot (which
// sends its counts to POST /api/stats/ingest and reads /stats and /top back, as its logs go to the API).

import type { ConcordApi, ModuleSetupContext } from '../../module-kit/contract.ts';
import { timeQuery } from '../../platform/metrics/registry.ts';
import { addUserStats, type UserStatsDelta } from './queries.ts';
import { type StatsReader, sqlStatsReader } from './reader.ts';
import type { LeaderboardRow } from './schema.ts';

export interface StatsStore {
  /** Adds one batch of counts (additive: never repeated after it succeeded). */
  write(batch: UserStatsDelta[]): Promise<void>;
  reader: StatsReader;
}

/** Through the API where the process goes through it, else the database; none in a process with neither. */
export function statsStoreOf({ api, sql, metrics }: Pick<ModuleSetupContext, 'api' | 'sql' | 'metrics'>): StatsStore | undefined {
  if (api) {
    return {
      write: async (items) => {
        await api.request('POST', '/api/stats/ingest', { items });
      },
      reader: apiStatsReader(api),
    };
  }
  if (!sql) return undefined;
  return { write: (batch) => timeQuery(metrics, 'addUserStats', () => addUserStats(sql, batch)), reader: sqlStatsReader(sql) };
}

/** /stats and /top read through the API from a split bot. */
function apiStatsReader(api: ConcordApi): StatsReader {
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
