// Typed wrappers over sql/schedules.sql.
import text from '../../sql/schedules.sql';
import type { Sql } from './connect.ts';
import { namedQueries } from './named-queries.ts';
import { type QueuedRow, type SentRow, sentColumns } from './reminders.ts';

const q = namedQueries(text, [
  'listSchedules',
  'getSchedule',
  'insertSchedule',
  'deleteSchedule',
  'claimDueSchedules',
  'nextScheduleDueAt',
  'markSchedulesSent',
  'retrySchedule',
  'failSchedule',
]);

export interface ScheduledMessage extends QueuedRow {
  guild_id: string;
  status: 'pending' | 'sent' | 'failed';
  created_by: string | null;
}

export interface NewSchedule {
  guild_id: string;
  channel_id: string;
  content: string;
  cron: string | null;
  time_zone: string;
  due_at: Date;
  created_by: string | null;
}

export function listSchedules(sql: Sql, filter: { guildId?: string | undefined; afterId?: string | undefined; limit: number }): Promise<ScheduledMessage[]> {
  return sql.unsafe(q.listSchedules, [filter.guildId ?? null, filter.afterId ?? null, filter.limit]);
}

export async function getSchedule(sql: Sql, id: string): Promise<ScheduledMessage | undefined> {
  const [row] = await sql.unsafe<ScheduledMessage[]>(q.getSchedule, [id]);
  return row;
}

export async function insertSchedule(sql: Sql, schedule: NewSchedule): Promise<ScheduledMessage> {
  const [row] = await sql.unsafe<ScheduledMessage[]>(q.insertSchedule, [
    schedule.guild_id,
    schedule.channel_id,
    schedule.content,
    schedule.cron,
    schedule.time_zone,
    schedule.due_at,
    schedule.created_by,
  ]);
  return row as ScheduledMessage;
}

export async function deleteSchedule(sql: Sql, id: string): Promise<ScheduledMessage | undefined> {
  const [row] = await sql.unsafe<ScheduledMessage[]>(q.deleteSchedule, [id]);
  return row;
}

export function claimDueSchedules(sql: Sql, now: Date, leaseMs: number, limit: number): Promise<ScheduledMessage[]> {
  return sql.unsafe(q.claimDueSchedules, [now, leaseMs, limit]);
}

export async function nextScheduleDueAt(sql: Sql): Promise<Date | null> {
  const [row] = await sql.unsafe<{ at: Date | null }[]>(q.nextScheduleDueAt);
  return row?.at ?? null;
}

/** Records a round of sends with one statement. */
export async function markSchedulesSent(sql: Sql, sent: readonly SentRow[]): Promise<void> {
  await sql.unsafe(q.markSchedulesSent, sentColumns(sent));
}

export async function retrySchedule(sql: Sql, id: string, retryAt: Date, error: string): Promise<void> {
  await sql.unsafe(q.retrySchedule, [id, retryAt, error]);
}

export async function failSchedule(sql: Sql, id: string, error: string): Promise<void> {
  await sql.unsafe(q.failSchedule, [id, error]);
}
