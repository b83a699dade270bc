// The moderation module's cases: numbered per guild by the database (cases.sql), read and annotated.
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import text from './cases.sql';

const Q = namedQueries(text, ['insertCase', 'getCase', 'setLogMessage', 'setReason', 'listCases', 'countUserCases', 'countRecentWarnings', 'deleteUserCases']);

export const CASE_ACTIONS = ['warn', 'timeout', 'untimeout', 'kick', 'ban', 'unban', 'purge', 'delete'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface CaseRow {
  guild_id: string;
  number: number;
  action: CaseAction;
  user_id: string | null;
  moderator_id: string | null;
  rule: string | null;
  reason: string | null;
  duration_ms: string | null;
  channel_id: string | null;
  message_count: number | null;
  log_channel_id: string | null;
  log_message_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewCase {
  guildId: string;
  action: CaseAction;
  userId: string | null;
  moderatorId: string | null;
  rule?: string | null;
  reason: string | null;
  durationMs?: number | null;
  channelId?: string | null;
  messageCount?: number | null;
}

/** Inserts a case under the guild's next number; inside a transaction, a rollback gives the number back. */
export async function insertCase(sql: Sql, c: NewCase): Promise<CaseRow> {
  const row = await one<CaseRow>(sql, Q.insertCase, [
    c.guildId,
    c.action,
    c.userId,
    c.moderatorId,
    c.rule ?? null,
    c.reason,
    c.durationMs ?? null,
    c.channelId ?? null,
    c.messageCount ?? null,
  ]);
  if (!row) throw new Error('inserting a case returned no row');
  return row;
}

export function getCase(sql: Sql, guildId: string, number: number): Promise<CaseRow | undefined> {
  return one<CaseRow>(sql, Q.getCase, [guildId, number]);
}

export async function setLogMessage(sql: Sql, guildId: string, number: number, channelId: string, messageId: string): Promise<void> {
  await exec(sql, Q.setLogMessage, [guildId, number, channelId, messageId]);
}

export function setReason(sql: Sql, guildId: string, number: number, reason: string): Promise<CaseRow | undefined> {
  return one<CaseRow>(sql, Q.setReason, [guildId, number, reason]);
}

export interface CaseFilter {
  userId?: string | undefined;
  moderatorId?: string | undefined;
  action?: CaseAction | undefined;
  since?: Date | undefined;
  /** The last number of the previous page. */
  before?: number | undefined;
  limit: number;
}

/** Newest first. */
export function listCases(sql: Sql, guildId: string, f: CaseFilter): Promise<CaseRow[]> {
  return many<CaseRow>(sql, Q.listCases, [guildId, f.userId ?? null, f.moderatorId ?? null, f.action ?? null, f.since ?? null, f.limit, f.before ?? null]);
}

/** How many cases of each action a member has in a guild (actions they have none of are left out). */
export function countUserCases(sql: Sql, guildId: string, userId: string): Promise<{ action: CaseAction; n: number }[]> {
  return many<{ action: CaseAction; n: number }>(sql, Q.countUserCases, [guildId, userId]);
}

export async function countRecentWarnings(sql: Sql, guildId: string, userId: string, since: Date): Promise<number> {
  return (await one<{ n: number }>(sql, Q.countRecentWarnings, [guildId, userId, since]))?.n ?? 0;
}

export async function deleteUserCases(sql: Sql, userId: string): Promise<number> {
  return (await one<{ n: number }>(sql, Q.deleteUserCases, [userId]))?.n ?? 0;
}
