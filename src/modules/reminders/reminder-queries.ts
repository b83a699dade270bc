// Typed wrappers over reminders.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import { claimDue, type QueuedRow } from './delivery-queue.ts';
import text from './reminders.sql';

const q = namedQueries(text, [
  'getTimeZone',
  'setTimeZone',
  'lockUserReminders',
  'insertReminder',
  'listUserReminders',
  'listReminders',
  'cancelReminder',
  'getReminder',
  'deleteUserReminders',
]);

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
  const row = await one<{ time_zone: string }>(sql, q.getTimeZone, [userId]);
  return row?.time_zone;
}

export async function setTimeZone(sql: Sql, userId: string, timeZone: string): Promise<void> {
  await exec(sql, q.setTimeZone, [userId, timeZone]);
}

/** Takes the user's reminder lock until the transaction `sql` ends (see insertReminder). */
export async function lockUserReminders(sql: Sql, userId: string): Promise<void> {
  await exec(sql, q.lockUserReminders, [userId]);
}

/** Inserts the reminder unless its user already has `cap` pending; undefined then. Call it in a transaction after lockUserReminders. */
export async function insertReminder(sql: Sql, reminder: NewReminder, cap: number): Promise<Reminder | undefined> {
  return one<Reminder>(sql, q.insertReminder, [
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
}

export function listUserReminders(sql: Sql, userId: string, limit: number): Promise<Reminder[]> {
  return many(sql, q.listUserReminders, [userId, limit]);
}

export function listReminders(sql: Sql, filter: ReminderFilter): Promise<Reminder[]> {
  return many(sql, q.listReminders, [filter.userId ?? null, filter.guildId ?? null, filter.status ?? null, filter.beforeId ?? null, filter.limit]);
}

/** Cancels `id` if it is `userId`'s and still pending. */
export async function cancelReminder(sql: Sql, id: string, userId: string): Promise<Reminder | undefined> {
  return one<Reminder>(sql, q.cancelReminder, [id, userId]);
}

export async function getReminder(sql: Sql, id: string): Promise<Reminder | undefined> {
  return one<Reminder>(sql, q.getReminder, [id]);
}

/** Leases due reminders (delivery-queue.ts): Discord's, or with `forConsole` the console's. */
export function claimDueReminders(sql: Sql, now: Date, leaseMs: number, limit: number, forConsole = false): Promise<Reminder[]> {
  return claimDue<Reminder>(sql, { table: 'reminders', forConsole }, now, leaseMs, limit);
}

/** Deletes every reminder of the user and their time zone; returns the rows deleted. */
export async function deleteUserReminders(sql: Sql, userId: string): Promise<number> {
  return (await one<{ deleted: number }>(sql, q.deleteUserReminders, [userId]))?.deleted ?? 0;
}
