// Typed wrappers over command-stats.sql.

import type { Sql } from '../../../platform/db/connect.ts';
import { namedQueries } from '../../../platform/db/named-queries.ts';
import { many, one } from '../../../platform/db/query.ts';
import text from './command-stats.sql';

const q = namedQueries(text, ['commandUsage', 'commandLastError', 'commandTopUsers', 'listUnusedCommands']);

export interface CommandUsage {
  uses: string;
  errors: string;
  denied: string;
  cooldown: string;
  last_used_at: Date | null;
}

export async function commandUsage(sql: Sql, commandId: string, since: Date): Promise<CommandUsage> {
  return (await one<CommandUsage>(sql, q.commandUsage, [commandId, since.toISOString()])) as CommandUsage;
}

export async function commandLastError(sql: Sql, commandId: string): Promise<{ occurred_at: Date; error: string } | undefined> {
  return one<{ occurred_at: Date; error: string }>(sql, q.commandLastError, [commandId]);
}

export function commandTopUsers(sql: Sql, commandId: string, since: Date, limit: number): Promise<{ user_id: string; user_name: string; uses: string }[]> {
  return many(sql, q.commandTopUsers, [commandId, since.toISOString(), limit]);
}

export function listUnusedCommands(sql: Sql, guildId: string, days: number): Promise<{ id: string; name: string; created_at: Date; last_used_at: Date | null }[]> {
  return many(sql, q.listUnusedCommands, [guildId, days]);
}
