// Typed wrappers over schedules.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { many, one } from '../../platform/db/query.ts';
import type { QueuedRow } from './delivery-queue.ts';
import text from './schedules.sql';

const q = namedQueries(text, [
  'listSchedules',
  'getSchedule',
  'insertSchedule',
  'deleteSchedule',
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
  return many(sql, q.listSchedules, [filter.guildId ?? null, filter.afterId ?? null, filter.limit]);
}

export async function getSchedule(sql: Sql, id: string): Promise<ScheduledMessage | undefined> {
  return one<ScheduledMessage>(sql, q.getSchedule, [id]);
}

export async function insertSchedule(sql: Sql, schedule: NewSchedule): Promise<ScheduledMessage> {
  return (await one<ScheduledMessage>(sql, q.insertSchedule, [
    schedule.guild_id,
    schedule.channel_id,
    schedule.content,
    schedule.cron,
    schedule.time_zone,
    schedule.due_at,
    schedule.created_by,
  ])) as ScheduledMessage;
}

export async function deleteSchedule(sql: Sql, id: string): Promise<ScheduledMessage | undefined> {
  return one<ScheduledMessage>(sql, q.deleteSchedule, [id]);
}
