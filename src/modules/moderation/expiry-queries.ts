// The ends of temporary bans (expiries.sql): scheduled with the ban, cancelled by an unban, and the
// queue statements the scheduler runs over them.

import type { DueRow } from '../../features/scheduling/scheduler.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import text from './expiries.sql';

const Q = namedQueries(text, ['schedule', 'cancel', 'claimDue', 'nextDueAt', 'finish', 'retry', 'fail']);

export interface ExpiryRow extends DueRow {
  guild_id: string;
  user_id: string;
  case_number: number;
}

/** Replaces the member's pending end with one at `dueAt` (none: a permanent ban). */
export async function scheduleExpiry(sql: Sql, e: { guildId: string; userId: string; caseNumber: number; dueAt: Date | null }): Promise<void> {
  await cancelExpiry(sql, e.guildId, e.userId);
  if (e.dueAt) await exec(sql, Q.schedule, [e.guildId, e.userId, e.caseNumber, e.dueAt]);
}

export async function cancelExpiry(sql: Sql, guildId: string, userId: string): Promise<void> {
  await exec(sql, Q.cancel, [guildId, userId]);
}

export function claimDueExpiries(sql: Sql, now: Date, leaseMs: number, limit: number): Promise<ExpiryRow[]> {
  return many<ExpiryRow>(sql, Q.claimDue, [now, leaseMs, limit]);
}

export async function nextExpiryAt(sql: Sql): Promise<Date | null> {
  return (await one<{ at: Date | null }>(sql, Q.nextDueAt))?.at ?? null;
}

/** Marks a pending end done; false when it was not pending any more. */
export async function finishExpiry(sql: Sql, id: string, at: Date): Promise<boolean> {
  return (await exec(sql, Q.finish, [id, at])) > 0;
}

export async function retryExpiry(sql: Sql, id: string, retryAt: Date, error: string): Promise<void> {
  await exec(sql, Q.retry, [id, retryAt, error]);
}

export async function failExpiry(sql: Sql, id: string, error: string): Promise<void> {
  await exec(sql, Q.fail, [id, error]);
}
