// Typed wrappers over entries.sql; `sql` is the module's own (its schema first on the search path).
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import text from './entries.sql';
import type { Category, Kind } from './kinds.ts';

const q = namedQueries(text, ['insertEntries', 'listEntries', 'deleteExpiredEntries', 'deleteUserEntries', 'upsertChannelFault', 'deleteChannelFault', 'listChannelFaults']);

/** An entry as it is written. */
export interface NewEntry {
  guild_id: string;
  kind: Kind;
  category: Category;
  occurred_at: string;
  user_id: string | null;
  channel_id: string | null;
  moderator_id: string | null;
  summary: string;
  details: Record<string, unknown>;
  expires_at: string;
}

/** An entry as it is read. */
export interface StoredEntry extends Omit<NewEntry, 'occurred_at' | 'expires_at'> {
  id: string;
  occurred_at: Date;
}

export async function insertEntries(sql: Sql, entries: readonly NewEntry[]): Promise<void> {
  if (entries.length > 0) await exec(sql, q.insertEntries, [entries]);
}

export interface EntryFilter {
  guildId: string;
  kinds?: readonly Kind[] | undefined;
  userId?: string | undefined;
  channelId?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  before?: { occurredAt: Date; id: string } | undefined;
  limit: number;
}

/** A guild's entries, newest first, those past their retention left out. */
export function listEntries(sql: Sql, filter: EntryFilter): Promise<StoredEntry[]> {
  return many(sql, q.listEntries, [
    filter.guildId,
    filter.kinds ?? null,
    filter.userId ?? null,
    filter.channelId ?? null,
    filter.since ?? null,
    filter.until ?? null,
    filter.before?.occurredAt ?? null,
    filter.before?.id ?? null,
    filter.limit,
  ]);
}

/** Deletes up to `limit` entries past their retention; how many went. */
export async function deleteExpiredEntries(sql: Sql, limit: number): Promise<number> {
  return (await one<{ deleted: number }>(sql, q.deleteExpiredEntries, [limit]))?.deleted ?? 0;
}

/** Deletes the entries about a user and takes their id off those where they moderated; the entries deleted. */
export async function deleteUserEntries(sql: Sql, userId: string): Promise<number> {
  return (await one<{ deleted: number }>(sql, q.deleteUserEntries, [userId]))?.deleted ?? 0;
}

export interface ChannelFault {
  channel_id: string;
  status: number;
  code: string;
  reason: string;
  failed_at: Date;
}

export async function upsertChannelFault(sql: Sql, guildId: string, channelId: string, fault: Pick<ChannelFault, 'status' | 'code' | 'reason'>): Promise<void> {
  await exec(sql, q.upsertChannelFault, [guildId, channelId, fault.status, fault.code, fault.reason]);
}

export async function deleteChannelFault(sql: Sql, guildId: string, channelId: string): Promise<void> {
  await exec(sql, q.deleteChannelFault, [guildId, channelId]);
}

export function listChannelFaults(sql: Sql, guildId: string): Promise<ChannelFault[]> {
  return many(sql, q.listChannelFaults, [guildId]);
}
