// Typed wrappers over logs.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { many, one } from '../../platform/db/query.ts';
import text from './logs.sql';

const q = namedQueries(text, ['insertLogs', 'listLogs', 'deleteUserLogs']);

export const LOG_SOURCES = ['prefix', 'slash', 'console', 'button', 'context'] as const;
export const LOG_STATUSES = ['ok', 'error', 'not_found', 'denied', 'cooldown'] as const;

/** One command use, as the bot records it and the API ingests it. */
export interface CommandLogEntry {
  occurred_at: string;
  guild_id: string | null;
  channel_id: string | null;
  user_id: string;
  user_name: string;
  command: string;
  args: string;
  source: (typeof LOG_SOURCES)[number];
  status: (typeof LOG_STATUSES)[number];
  latency_ms: number;
  error: string | null;
  event_id: string;
  metadata: Record<string, unknown>;
}

export interface CommandLog extends Omit<CommandLogEntry, 'occurred_at'> {
  id: string;
  occurred_at: Date;
}

/** Inserts a batch in one statement, skipping event ids already stored; returns how many were new. */
export async function insertLogs(sql: Sql, entries: readonly CommandLogEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  // postgres.js serialises the array as the jsonb parameter itself.
  const row = await one<{ inserted: number }>(sql, q.insertLogs, [entries]);
  return row?.inserted ?? 0;
}

export interface LogFilter {
  guildId?: string | undefined;
  userId?: string | undefined;
  command?: string | undefined;
  status?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  before?: { occurredAt: Date; id: string } | undefined;
  /** Only rows stored after this log id. */
  afterId?: string | undefined;
  limit: number;
}

export function listLogs(sql: Sql, filter: LogFilter): Promise<CommandLog[]> {
  return many(sql, q.listLogs, [
    filter.guildId ?? null,
    filter.userId ?? null,
    filter.command ?? null,
    filter.status ?? null,
    filter.since ?? null,
    filter.until ?? null,
    filter.before?.occurredAt ?? null,
    filter.before?.id ?? null,
    filter.limit,
    filter.afterId ?? null,
  ]);
}

/** Deletes every command use of the user; returns the rows deleted. */
export async function deleteUserLogs(sql: Sql, userId: string): Promise<number> {
  return (await one<{ deleted: number }>(sql, q.deleteUserLogs, [userId]))?.deleted ?? 0;
}
