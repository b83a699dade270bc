// Typed wrappers over sql/reminders.sql.
import text from '../../sql/reminders.sql';
import type { Sql } from './connect.ts';
import { namedQueries } from './named-queries.ts';

const q = namedQueries(text, [
  'getTimeZone',
  'setTimeZone',
  'lockUserReminders',
  'insertReminder',
  'listUserReminders',
  'listReminders',
  'cancelReminder',
  'getReminder',
  'claimDueReminders',
  'nextReminderDueAt',
  'markRemindersSent',
  'retryReminder',
  'failReminder',
]);

/** The columns both delivery queues (reminders, scheduled messages) share. */
export interface QueuedRow {
  id: string;
  channel_id: string;
  content: string;
  due_at: Date;
  cron: string | null;
  time_zone: string;
  status: string;
  attempts: number;
  last_sent_at: Date | null;
  last_late_ms: string | null;
  last_error: string | null;
  created_at: Date;
}

export interface Reminder extends QueuedRow {
  user_id: string;
  guild_id: string | null;
  source_message_id: string | null;
  deliver_by_dm: boolean;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
}

export interface NewReminder {
  user_id: string;
  guild_id: string | null;
  channel_id: string;
  source_message_id: string | null;
  content: string;
  due_at: Date;
  cron: string | null;
  time_zone: string;
  deliver_by_dm: boolean;
}

export interface ReminderFilter {
  userId?: string | undefined;
  guildId?: string | undefined;
  status?: string | undefined;
  beforeId?: string | undefined;
  limit: number;
}

export async function getTimeZone(sql: Sql, userId: string): Promise<string | undefined> {
  const [row] = await sql.unsafe<{ time_zone: string }[]>(q.getTimeZone, [userId]);
  return row?.time_zone;
}

export async function setTimeZone(sql: Sql, userId: string, timeZone: string): Promise<void> {
  await sql.unsafe(q.setTimeZone, [userId, timeZone]);
}

/** Takes the user's reminder lock until the transaction `sql` ends (see insertReminder). */
export async function lockUserReminders(sql: Sql, userId: string): Promise<void> {
  await sql.unsafe(q.lockUserReminders, [userId]);
}

/** Inserts the reminder unless its user already has `cap` pending; undefined then. Call it in a transaction after lockUserReminders. */
export async function insertReminder(sql: Sql, reminder: NewReminder, cap: number): Promise<Reminder | undefined> {
  const [row] = await sql.unsafe<Reminder[]>(q.insertReminder, [
    reminder.user_id,
    reminder.guild_id,
    reminder.channel_id,
    reminder.source_message_id,
    reminder.content,
    reminder.due_at,
    reminder.cron,
    reminder.time_zone,
    reminder.deliver_by_dm,
    cap,
  ]);
  return row;
}

export function listUserReminders(sql: Sql, userId: string, limit: number): Promise<Reminder[]> {
  return sql.unsafe(q.listUserReminders, [userId, limit]);
}

export function listReminders(sql: Sql, filter: ReminderFilter): Promise<Reminder[]> {
  return sql.unsafe(q.listReminders, [filter.userId ?? null, filter.guildId ?? null, filter.status ?? null, filter.beforeId ?? null, filter.limit]);
}

/** Cancels `id` if it is `userId`'s and still pending. */
export async function cancelReminder(sql: Sql, id: string, userId: string): Promise<Reminder | undefined> {
  const [row] = await sql.unsafe<Reminder[]>(q.cancelReminder, [id, userId]);
  return row;
}

export async function getReminder(sql: Sql, id: string): Promise<Reminder | undefined> {
  const [row] = await sql.unsafe<Reminder[]>(q.getReminder, [id]);
  return row;
}

/** The channel id of reminders set in the local console (which has no Discord channel). */
export const CONSOLE_CHANNEL_ID = 'console';

/** `forConsole`: the console's rows, else Discord's; each kind has its own scheduler. */
export function claimDueReminders(sql: Sql, now: Date, leaseMs: number, limit: number, forConsole = false): Promise<Reminder[]> {
  return sql.unsafe(q.claimDueReminders, [now, leaseMs, limit, forConsole]);
}

export async function nextReminderDueAt(sql: Sql, forConsole = false): Promise<Date | null> {
  const [row] = await sql.unsafe<{ at: Date | null }[]>(q.nextReminderDueAt, [forConsole]);
  return row?.at ?? null;
}

/** A send to record: `nextDueAt` keeps a repeating row pending until then. */
export interface SentRow {
  id: string;
  sentAt: Date;
  nextDueAt: Date | null;
  lateMs: number;
}

/** Records a round of sends with one statement. */
export async function markRemindersSent(sql: Sql, sent: readonly SentRow[]): Promise<void> {
  await sql.unsafe(q.markRemindersSent, sentColumns(sent));
}

/** The columns of `sent` as the arrays `unnest` takes (times as ISO text, which any driver sends). */
export function sentColumns(sent: readonly SentRow[]): string[][] {
  return [
    sent.map((row) => row.id),
    sent.map((row) => row.sentAt.toISOString()),
    sent.map((row) => row.nextDueAt?.toISOString() ?? null) as string[],
    sent.map((row) => String(Math.round(row.lateMs))),
  ];
}

export async function retryReminder(sql: Sql, id: string, retryAt: Date, error: string): Promise<void> {
  await sql.unsafe(q.retryReminder, [id, retryAt, error]);
}

export async function failReminder(sql: Sql, id: string, error: string): Promise<void> {
  await sql.unsafe(q.failReminder, [id, error]);
}
