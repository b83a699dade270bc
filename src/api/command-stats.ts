// Per-command stats (uses, last use, last error, error rate, top users) and the report of commands
// nobody used in N days: what to fix and what to clean up.
import * as v from 'valibot';
import { Snowflake } from '../custom-commands/schema.ts';
import { commandLastError, commandTopUsers, commandUsage, listUnusedCommands } from '../db/command-stats.ts';
import type { Sql } from '../db/connect.ts';
import { AppError } from '../errors/app-error.ts';
import { parseQuery } from '../http/validate.ts';
import { principalOf, requireScope } from './access.ts';
import { loadVisibleCommand } from './commands.ts';
import type { ApiRoute } from './route.ts';

const Days = (fallback: string) =>
  v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number of days'), v.transform(Number), v.minValue(1, 'must be at least 1'), v.maxValue(3_650, 'must be at most 3650')),
    fallback,
  );
const StatsQuery = v.object({ days: Days('30') });
const UnusedQuery = v.object({ days: Days('30') });

const StatsOut = v.object({
  command_id: v.string(),
  days: v.number(),
  uses: v.number(),
  errors: v.number(),
  error_rate: v.number(),
  denied: v.number(),
  cooldown: v.number(),
  last_used_at: v.nullable(v.string()),
  last_error: v.nullable(v.object({ occurred_at: v.string(), error: v.string() })),
  top_users: v.array(v.object({ user_id: v.string(), user_name: v.string(), uses: v.number() })),
});

export function commandStatsRoutes(sql: Sql): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/commands/:id/stats',
      summary: 'Uses, last use, last error, error rate and top users of a command over the last `days` (default 30)',
      tag: 'commands',
      query: StatsQuery,
      responses: { 200: { description: 'the stats', schema: StatsOut }, 404: { description: 'no such command' } },
      async handler(ctx) {
        const { days } = parseQuery(StatsQuery, ctx.query);
        const command = await loadVisibleCommand(sql, ctx);
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
            last_used_at: usage.last_used_at,
            last_error: lastError ?? null,
            top_users: top.map((u) => ({ ...u, uses: Number(u.uses) })),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/guilds/:guild_id/commands/unused',
      summary: "A guild's commands not used in the last `days` (default 30), least recently used first",
      tag: 'commands',
      query: UnusedQuery,
      responses: { 200: { description: 'the unused commands' } },
      async handler(ctx) {
        const guildId = v.safeParse(Snowflake, ctx.params.guild_id);
        if (!guildId.success) throw new AppError('not_found', 'GUILD_NOT_FOUND', `no guild ${JSON.stringify(ctx.params.guild_id)}`);
        requireScope(principalOf(ctx), guildId.output);
        const { days } = parseQuery(UnusedQuery, ctx.query);
        return { body: { days, items: await listUnusedCommands(sql, guildId.output, days) } };
      },
    },
  ];
}
