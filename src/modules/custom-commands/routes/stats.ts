// Per-command stats (uses, last use, last error, error rate, top users) and the report of commands
// nobody used in N days: what to fix and what to clean up.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../../module-kit/api-route.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { GuildParams, IdParams, Integer, wholeNumber } from '../../../platform/http/pagination.ts';
import { isoTime } from '../../../platform/time/iso.ts';
import { commandLastError, commandTopUsers, commandUsage, listUnusedCommands } from '../data/stats-queries.ts';
import { loadVisibleCommand } from './commands.ts';

const DaysQuery = v.object({ days: wholeNumber({ min: 1, max: 3_650, fallback: 30 }) });

export const StatsOut = v.object({
  command_id: v.string(),
  days: Integer,
  uses: Integer,
  errors: Integer,
  error_rate: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  denied: Integer,
  cooldown: Integer,
  last_used_at: v.nullable(v.string()),
  last_error: v.nullable(v.object({ occurred_at: v.string(), error: v.string() })),
  top_users: v.array(v.object({ user_id: v.string(), user_name: v.string(), uses: Integer })),
});

export const UnusedList = v.object({
  days: Integer,
  items: v.array(v.object({ id: v.string(), name: v.string(), created_at: v.pipe(v.string(), v.isoTimestamp()), last_used_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())) })),
});

export function commandStatsRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/commands/:id/stats',
      operationId: 'getCommandStats',
      summary: 'Uses, last use, last error, error rate and top users of a command over the last `days` (default 30)',
      tag: 'commands',
      params: IdParams,
      query: DaysQuery,
      responses: { 200: { description: 'the stats', schema: StatsOut }, 404: { description: 'no such command' } },
      async handler(_ctx, { params, query: { days }, principal }) {
        const command = await loadVisibleCommand(sql, principal, params.id);
        const since = new Date(Date.now() - days * 86_400_000);
        // One snapshot for the three reads, so a log batch landing in between cannot make them disagree.
        const [usage, lastError, top] = await sql.begin('isolation level repeatable read read only', (tx) => {
          const reader = tx as unknown as Sql;
          return Promise.all([
            commandUsage(reader, command.id, since),
            commandLastError(reader, command.id),
            commandTopUsers(reader, command.id, since, 5),
          ]);
        });
        const uses = Number(usage.uses);
        const errors = Number(usage.errors);
        return {
          body: {
            command_id: command.id,
            days,
            uses,
            errors,
            error_rate: uses === 0 ? 0 : Math.round((errors / uses) * 10_000) / 10_000,
            denied: Number(usage.denied),
            cooldown: Number(usage.cooldown),
            last_used_at: usage.last_used_at ? isoTime(usage.last_used_at) : null,
            last_error: lastError ? { occurred_at: isoTime(lastError.occurred_at), error: lastError.error } : null,
            top_users: top.map((u) => ({ ...u, uses: Number(u.uses) })),
          } satisfies v.InferOutput<typeof StatsOut>,
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/commands/unused',
      operationId: 'listUnusedCommands',
      summary: "A guild's commands not used in the last `days` (default 30), least recently used first",
      tag: 'commands',
      params: GuildParams,
      query: DaysQuery,
      responses: { 200: { description: 'the unused commands', schema: UnusedList } },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params: { guild_id: guildId }, query: { days } }) {
        const items = (await listUnusedCommands(sql, guildId, days)).map((c) => ({
          ...c,
          created_at: isoTime(c.created_at),
          last_used_at: c.last_used_at ? isoTime(c.last_used_at) : null,
        }));
        return { body: { days, items } satisfies v.InferOutput<typeof UnusedList> };
      },
    }),
  ];
}
