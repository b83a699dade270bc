// Typed wrappers over overview.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { many, one } from '../../platform/db/query.ts';
import text from './overview.sql';

const q = namedQueries(text, ['overviewCounts', 'topCommands', 'usesByDay']);

export interface OverviewCounts {
  custom_commands: number;
  uses: string;
  uses_24h: string;
}

export async function overviewCounts(sql: Sql, guildId: string | null): Promise<OverviewCounts> {
  return (await one<OverviewCounts>(sql, q.overviewCounts, [guildId])) as OverviewCounts;
}

export function topCommands(sql: Sql, guildId: string | null, limit: number): Promise<{ command: string; uses: string }[]> {
  return many(sql, q.topCommands, [guildId, limit]);
}

/** Uses per day (`YYYY-MM-DD` in `timeZone`) over the last `days` days, oldest first, zeros included. */
export function usesByDay(sql: Sql, guildId: string | null, timeZone: string, days: number): Promise<{ day: string; uses: string }[]> {
  return many(sql, q.usesByDay, [guildId, timeZone, days]);
}
