// /api/reminders: users' reminders, read-only, so operators see what is pending, sent or failed and why.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { Cursor, decodeCursor, IdPosition, Integer, Limit, PageOf, page } from '../../platform/http/pagination.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { isoTime } from '../../platform/time/iso.ts';
import { listReminders, type Reminder } from './reminder-queries.ts';

const STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
const ListQuery = v.object({
  guild_id: v.optional(Snowflake),
  user_id: v.optional(Snowflake),
  status: v.optional(v.picklist(STATUSES, `must be one of ${STATUSES.join(', ')}`)),
  limit: Limit,
  cursor: Cursor,
});

const IsoString = v.pipe(v.string(), v.isoTimestamp());
export const ReminderOut = v.object({
  id: v.string(),
  user_id: v.string(),
  guild_id: v.nullable(v.string()),
  channel_id: v.string(),
  content: v.string(),
  due_at: IsoString,
  cron: v.nullable(v.string()),
  time_zone: v.string(),
  deliver_by_dm: v.boolean(),
  status: v.picklist(STATUSES),
  attempts: Integer,
  last_sent_at: v.nullable(IsoString),
  last_late_ms: v.nullable(Integer),
  last_error: v.nullable(v.string()),
  created_at: IsoString,
});
const ReminderList = PageOf(ReminderOut);

export function reminderRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/reminders',
      operationId: 'listReminders',
      summary: 'List reminders, newest first (filter by guild_id, user_id, status); failed ones say why',
      tag: 'reminders',
      query: ListQuery,
      responses: { 200: { description: 'a page of reminders', schema: ReminderList } },
      scope: ({ query }) => query.guild_id,
      async handler(_ctx, { query }) {
        const [beforeId] = query.cursor ? decodeCursor(query.cursor, IdPosition) : [];
        const rows = await listReminders(sql, { guildId: query.guild_id, userId: query.user_id, status: query.status, beforeId, limit: query.limit });
        return { body: page(rows.map(present), query.limit, (last) => [last.id]) };
      },
    }),
  ];
}

function present(reminder: Reminder): v.InferOutput<typeof ReminderOut> {
  return {
    id: reminder.id,
    user_id: reminder.user_id,
    guild_id: reminder.guild_id,
    channel_id: reminder.channel_id,
    content: reminder.content,
    due_at: isoTime(reminder.due_at),
    cron: reminder.cron,
    time_zone: reminder.time_zone,
    deliver_by_dm: reminder.deliver_by_dm,
    status: reminder.status,
    attempts: reminder.attempts,
    last_sent_at: reminder.last_sent_at ? isoTime(reminder.last_sent_at) : null,
    last_late_ms: reminder.last_late_ms === null ? null : Number(reminder.last_late_ms),
    last_error: reminder.last_error,
    created_at: isoTime(reminder.created_at),
  };
}
