// GET /api/data: the admin overview.
import * as v from 'valibot';
import type { Sql } from '../db/connect.ts';
import { overviewCounts, topCommands } from '../db/overview.ts';
import { parseQuery } from '../http/validate.ts';
import { Snowflake } from '../custom-commands/schema.ts';
import type { ApiRoute } from './route.ts';

const OverviewQuery = v.object({ guild_id: v.optional(Snowflake) });

const Overview = v.object({
  custom_commands: v.number(),
  uses: v.number(),
  uses_24h: v.number(),
  top_commands: v.array(v.object({ command: v.string(), uses: v.number() })),
});

export function overviewRoutes(sql: Sql): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/data',
      summary: 'Counts of custom commands and uses, uses in the last 24 h, most used commands',
      tag: 'overview',
      query: OverviewQuery,
      responses: { 200: { description: 'the overview', schema: Overview } },
      async handler(ctx) {
        const { guild_id: guildId = null } = parseQuery(OverviewQuery, ctx.query);
        const [counts, top] = await Promise.all([overviewCounts(sql, guildId), topCommands(sql, guildId, 10)]);
        return {
          body: {
            custom_commands: counts.custom_commands,
            uses: Number(counts.uses),
            uses_24h: Number(counts.uses_24h),
            top_commands: top.map((row) => ({ command: row.command, uses: Number(row.uses) })),
          },
        };
      },
    },
  ];
}
