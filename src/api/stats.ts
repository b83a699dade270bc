// /api/stats: a guild's activity (totals, a daily series, leaderboards), one user's stats, deleting
// a user's stats (with an opt-out), and the ingest route split bots post their counts to.
import * as v from 'valibot';
import { Snowflake } from '../custom-commands/schema.ts';
import type { Sql } from '../db/connect.ts';
import { addUserStats, guildDailySeries, guildTotals, leaderboard, optOutUser, STATS_METRICS, userStats, utcDay } from '../db/stats.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { principalOf, requireGlobalAdmin, requireScope } from './access.ts';
import { IsoDay } from './pagination.ts';
import type { ApiRoute } from './route.ts';

const Days = (fallback: string) =>
  v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number of days'), v.transform(Number), v.minValue(1), v.maxValue(365)), fallback);
const Limit = v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number'), v.transform(Number), v.minValue(1), v.maxValue(100)), '10');

const GuildQuery = v.object({ guild_id: Snowflake, days: Days('30'), limit: Limit });
const UserQuery = v.object({ guild_id: Snowflake });
const LeaderboardQuery = v.object({ guild_id: Snowflake, metric: v.optional(v.picklist(STATS_METRICS), 'messages'), days: v.optional(Days('7')), limit: Limit });
const UserParams = v.object({ user_id: Snowflake });

const Count = v.string();
const Row = v.object({ user_id: v.string(), messages: Count, commands: Count });
const Day = v.object({ day: v.string(), messages: Count, commands: Count, active_users: v.number() });
const GuildStats = v.object({
  guild_id: v.string(),
  days: v.number(),
  totals: v.object({ messages: Count, commands: Count, active_users: v.number() }),
  daily: v.array(Day),
  leaderboard: v.object({ messages: v.array(Row), commands: v.array(Row) }),
});
const UserStatsOut = v.object({
  messages_today: Count,
  messages_7d: Count,
  messages_all: Count,
  commands_today: Count,
  commands_7d: Count,
  commands_all: Count,
  rank: v.nullable(v.number()),
});

// bigint columns; past 2^53 a JSON number is no longer exact anyway.
const Increment = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER, 'must be at most 2^53 - 1'));
const Delta = v.strictObject({
  guild_id: Snowflake,
  user_id: Snowflake,
  day: IsoDay,
  messages: Increment,
  commands: Increment,
});
const IngestBody = v.strictObject({ items: v.pipe(v.array(Delta), v.minLength(1), v.maxLength(5_000, 'at most 5000 rows a batch')) });

export function statsRoutes(sql: Sql): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/stats',
      summary: "A guild's activity over the last `days` UTC days: totals, per day, and the top users",
      tag: 'stats',
      query: GuildQuery,
      responses: { 200: { description: 'the guild stats', schema: GuildStats } },
      async handler(ctx) {
        const query = parseQuery(GuildQuery, ctx.query);
        requireScope(principalOf(ctx), query.guild_id);
        const now = new Date();
        const from = utcDay(now, 1 - query.days);
        const [totals, daily, byMessages, byCommands] = await Promise.all([
          guildTotals(sql, query.guild_id, from),
          guildDailySeries(sql, query.guild_id, from, utcDay(now)),
          leaderboard(sql, query.guild_id, 'messages', from, query.limit),
          leaderboard(sql, query.guild_id, 'commands', from, query.limit),
        ]);
        return { body: { guild_id: query.guild_id, days: query.days, totals, daily, leaderboard: { messages: byMessages, commands: byCommands } } };
      },
    },
    {
      method: 'GET',
      path: '/api/stats/leaderboard',
      summary: "A guild's top users by messages or commands over the last `days` days (all time without it)",
      tag: 'stats',
      query: LeaderboardQuery,
      responses: { 200: { description: 'the top users', schema: v.object({ items: v.array(Row) }) } },
      async handler(ctx) {
        const query = parseQuery(LeaderboardQuery, ctx.query);
        requireScope(principalOf(ctx), query.guild_id);
        const since = query.days === undefined ? null : utcDay(new Date(), 1 - query.days);
        return { body: { items: await leaderboard(sql, query.guild_id, query.metric, since, query.limit) } };
      },
    },
    {
      method: 'GET',
      path: '/api/stats/users/:user_id',
      summary: "A user's messages and commands in a guild: today, 7 days, all time, and rank",
      tag: 'stats',
      query: UserQuery,
      responses: { 200: { description: 'the user stats', schema: UserStatsOut } },
      async handler(ctx) {
        const { user_id } = parseBody(UserParams, ctx.params);
        const query = parseQuery(UserQuery, ctx.query);
        requireScope(principalOf(ctx), query.guild_id);
        return { body: await userStats(sql, query.guild_id, user_id, utcDay(new Date())) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/stats/users/:user_id',
      summary: "Deletes a user's stats in every guild and stops counting them (as /stats optout; global admins)",
      tag: 'stats',
      responses: { 200: { description: 'how many daily rows were deleted', schema: v.object({ deleted: v.number() }) } },
      async handler(ctx) {
        requireGlobalAdmin(principalOf(ctx), "delete a user's stats");
        const { user_id } = parseBody(UserParams, ctx.params);
        return { body: { deleted: await optOutUser(sql, user_id) } };
      },
    },
    {
      method: 'POST',
      path: '/api/stats/ingest',
      summary: 'Adds counts from a split bot (global admins); counts add up, so a batch must be sent once',
      tag: 'stats',
      body: IngestBody,
      responses: { 204: { description: 'added' }, 422: { description: 'invalid rows' } },
      async handler(ctx) {
        requireGlobalAdmin(principalOf(ctx), 'ingest stats');
        const { items } = parseBody(IngestBody, await ctx.body());
        await addUserStats(sql, items);
        return {};
      },
    },
  ];
}
