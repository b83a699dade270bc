// GET /api/overview: the admin overview. GET /api/data, its first name, stays as an alias for old clients.
import * as v from 'valibot';
import { overviewCounts, topCommands, usesByDay } from '../features/overview/queries.ts';
import { type ApiRoute, route } from '../module-kit/api-route.ts';
import type { Sql } from '../platform/db/connect.ts';
import { Integer } from '../platform/http/pagination.ts';
import { Snowflake } from '../platform/http/schemas.ts';
import { TimeZone } from '../platform/time/time-zone.ts';

const OverviewQuery = v.object({ guild_id: v.optional(Snowflake), tz: v.optional(TimeZone, 'UTC') });
const CHART_DAYS = 7;

export const Overview = v.object({
  custom_commands: Integer,
  uses: Integer,
  uses_24h: Integer,
  top_commands: v.array(v.object({ command: v.string(), uses: Integer })),
  uses_by_day: v.array(v.object({ day: v.string(), uses: Integer })),
});

export function overviewRoutes(sql: Sql): ApiRoute[] {
  const overview = (path: string, operationId: string, summary: string, deprecated = false) =>
    route({
      method: 'GET',
      path,
      operationId,
      summary,
      tag: 'overview',
      deprecated,
      query: OverviewQuery,
      responses: { 200: { description: 'the overview', schema: Overview } },
      scope: ({ query }) => query.guild_id ?? null,
      async handler(_ctx, { query: { guild_id: guildId = null, tz } }) {
        const [counts, top, days] = await Promise.all([
          overviewCounts(sql, guildId),
          topCommands(sql, guildId, 10),
          usesByDay(sql, guildId, tz, CHART_DAYS),
        ]);
        return {
          body: {
            custom_commands: counts.custom_commands,
            uses: Number(counts.uses),
            uses_24h: Number(counts.uses_24h),
            top_commands: top.map((row) => ({ command: row.command, uses: Number(row.uses) })),
            uses_by_day: days.map((row) => ({ day: row.day, uses: Number(row.uses) })),
          } satisfies v.InferOutput<typeof Overview>,
        };
      },
    });
  return [
    overview('/api/overview', 'getOverview', 'Counts of custom commands and uses, uses in the last 24 h, most used commands, uses per day over 7 days (in tz)'),
    overview('/api/data', 'getOverviewByOldPath', 'The overview under its first path; use GET /api/overview', true),
  ];
}
