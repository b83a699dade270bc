// /api/schedules: a guild's scheduled messages (cron in a time zone, or once), with their next runs.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import { actorOf, type Principal, requireVisible } from '../../module-kit/principal.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { Cursor, decodeCursor, IdParams, IdPosition, Integer, Limit, PageOf, page } from '../../platform/http/pagination.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { isoTime } from '../../platform/time/iso.ts';
import { getSchedule, listSchedules, type ScheduledMessage } from './schedule-queries.ts';
import { NewScheduleSchema } from './schedule-schema.ts';
import { removeSchedule, type ScheduleService, upcomingRuns } from './schedule-service.ts';

const ListQuery = v.object({ guild_id: v.optional(Snowflake), limit: Limit, cursor: Cursor });

const IsoString = v.pipe(v.string(), v.isoTimestamp());
export const ScheduleOut = v.object({
  id: v.string(),
  guild_id: v.string(),
  channel_id: v.string(),
  content: v.string(),
  cron: v.nullable(v.string()),
  time_zone: v.string(),
  status: v.picklist(['pending', 'sent', 'failed']),
  next_runs: v.array(IsoString),
  attempts: Integer,
  last_sent_at: v.nullable(IsoString),
  last_late_ms: v.nullable(Integer),
  last_error: v.nullable(v.string()),
  created_by: v.nullable(v.string()),
  created_at: IsoString,
});
const ScheduleList = PageOf(ScheduleOut);

/** How many upcoming runs each schedule shows. */
const SHOWN_RUNS = 3;

/** The routes over `sql`; a new schedule is stored by `schedules`, the module's service, which checks its channel and wakes the schedulers. */
export function scheduleRoutes(sql: Sql, schedules: ScheduleService): ApiRoute[] {
  const load = async (principal: Principal, id: string) => {
    const schedule = await getSchedule(sql, id);
    const notFound = () => new AppError('not_found', 'SCHEDULE_NOT_FOUND', `no scheduled message with id "${id}"`);
    if (!schedule) throw notFound();
    // Another guild's schedule is the same 404 as a missing one: ids cannot be probed.
    requireVisible(principal, schedule.guild_id, notFound);
    return schedule;
  };

  return [
    route({
      method: 'GET',
      path: '/api/schedules',
      operationId: 'listSchedules',
      summary: 'List scheduled messages (filter by guild_id)',
      tag: 'schedules',
      query: ListQuery,
      responses: { 200: { description: 'a page of scheduled messages', schema: ScheduleList } },
      scope: ({ query }) => query.guild_id,
      async handler(_ctx, { query }) {
        const [afterId] = query.cursor ? decodeCursor(query.cursor, IdPosition) : [];
        const rows = await listSchedules(sql, { guildId: query.guild_id, afterId, limit: query.limit });
        return { body: page(rows.map(presentSchedule), query.limit, (last) => [last.id]) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/schedules',
      operationId: 'createSchedule',
      summary: 'Schedule a message: cron with time_zone (repeating), or run_at (once)',
      tag: 'schedules',
      body: NewScheduleSchema,
      responses: {
        201: { description: 'created', schema: ScheduleOut },
        422: { description: "invalid fields, or channel_id is not a channel of guild_id that the bot can see" },
        503: { description: 'Discord could not be asked about channel_id' },
      },
      scope: ({ body }) => body.guild_id,
      async handler(ctx, { body: input, principal }) {
        if (principal.kind === 'session') input.created_by = principal.userId;
        const created = await schedules.add(input, actorOf(ctx, principal));
        return { status: 201, headers: { location: `/api/schedules/${created.id}` }, body: presentSchedule(created) };
      },
    }),
    route({
      method: 'GET',
      path: '/api/schedules/:id',
      operationId: 'getSchedule',
      summary: 'Get one scheduled message, with its next runs',
      tag: 'schedules',
      params: IdParams,
      responses: { 200: { description: 'the scheduled message', schema: ScheduleOut }, 404: { description: 'no such schedule' } },
      async handler(_ctx, { params, principal }) {
        return { body: presentSchedule(await load(principal, params.id)) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/schedules/:id',
      operationId: 'deleteSchedule',
      summary: 'Delete a scheduled message',
      tag: 'schedules',
      params: IdParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'no such schedule' } },
      async handler(ctx, { params, principal }) {
        const current = await load(principal, params.id);
        await removeSchedule(sql, current, actorOf(ctx, principal));
        return { status: 204 };
      },
    }),
  ];
}

/** A row as the API shows it: ISO times, the late figure as a number, the next runs. */
function presentSchedule(schedule: ScheduledMessage): v.InferOutput<typeof ScheduleOut> {
  return {
    id: schedule.id,
    guild_id: schedule.guild_id,
    channel_id: schedule.channel_id,
    content: schedule.content,
    cron: schedule.cron,
    time_zone: schedule.time_zone,
    status: schedule.status,
    next_runs: upcomingRuns(schedule, SHOWN_RUNS).map((d) => isoTime(d)),
    attempts: schedule.attempts,
    last_sent_at: schedule.last_sent_at ? isoTime(schedule.last_sent_at) : null,
    last_late_ms: schedule.last_late_ms === null ? null : Number(schedule.last_late_ms),
    last_error: schedule.last_error,
    created_by: schedule.created_by,
    created_at: isoTime(schedule.created_at),
  };
}
