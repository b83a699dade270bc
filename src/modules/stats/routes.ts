// The stats module's API, /api/stats: a guild's activity (totals, a daily series, leaderboards), one user's stats, deleting
// a user's stats (with an opt-out), and the ingest route split bots post their counts to.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { Integer, IsoDay, UserParams, wholeNumber } from '../../platform/http/pagination.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { addUserStats, guildDailySeries, guildTotals, leaderboard, optOutUser, STATS_METRICS, userStats, utcDay } from './queries.ts';
import { Count, LeaderboardRow, UserStatsOut } from './schema.ts';

const Limit = wholeNumber({ min: 1, max: 100, fallback: 10 });

const GuildQuery = v.object({ guild_id: Snowflake, days: wholeNumber({ min: 1, max: 365, fallback: 30 }), limit: Limit });
const UserQuery = v.object({ guild_id: Snowflake });
const LeaderboardQuery = v.object({
  guild_id: Snowflake,
  metric: v.optional(v.picklist(STATS_METRICS, `must be one of ${STATS_METRICS.join(', ')}`), 'messages'),
  days: wholeNumber({ min: 1, max: 365 }),
  limit: Limit,
});

const Day = v.object({ day: v.string(), messages: Count, commands: Count, active_users: Integer });
const LeaderboardList = v.object({ items: v.array(LeaderboardRow) });
export const GuildStats = v.object({
  guild_id: v.string(),
  days: Integer,
  totals: v.object({ messages: Count, commands: Count, active_users: Integer }),
  daily: v.array(Day),
  leaderboard: v.object({ messages: v.array(LeaderboardRow), commands: v.array(LeaderboardRow) }),
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
    route({
      method: 'GET',
      path: '/api/stats',
      operationId: 'getGuildStats',
      summary: "A guild's activity over the last `days` UTC days: totals, per day, and the top users",
      tag: 'stats',
      query: GuildQuery,
      responses: { 200: { description: 'the guild stats', schema: GuildStats } },
      scope: ({ query }) => query.guild_id,
      async handler(_ctx, { query }) {
        const now = new Date();
        const from = utcDay(now, 1 - query.days);
        const [totals, daily, byMessages, byCommands] = await Promise.all([
          guildTotals(sql, query.guild_id, from),
          guildDailySeries(sql, query.guild_id, from, utcDay(now)),
          leaderboard(sql, query.guild_id, 'messages', from, query.limit),
          leaderboard(sql, query.guild_id, 'commands', from, query.limit),
        ]);
        const body = { guild_id: query.guild_id, days: query.days, totals, daily, leaderboard: { messages: byMessages, commands: byCommands } };
        return { body: body satisfies v.InferOutput<typeof GuildStats> };
      },
    }),
    route({
      method: 'GET',
      path: '/api/stats/leaderboard',
      operationId: 'getLeaderboard',
      summary: "A guild's top users by messages or commands over the last `days` days (all time without it)",
      tag: 'stats',
      query: LeaderboardQuery,
      responses: { 200: { description: 'the top users', schema: LeaderboardList } },
      scope: ({ query }) => query.guild_id,
      async handler(_ctx, { query }) {
        const since = query.days === undefined ? null : utcDay(new Date(), 1 - query.days);
        return { body: { items: await leaderboard(sql, query.guild_id, query.metric, since, query.limit) } satisfies v.InferOutput<typeof LeaderboardList> };
      },
    }),
    route({
      method: 'GET',
      path: '/api/stats/users/:user_id',
      operationId: 'getUserStats',
      summary: "A user's messages and commands in a guild: today, 7 days, all time, and rank",
      tag: 'stats',
      params: UserParams,
      query: UserQuery,
      responses: { 200: { description: 'the user stats', schema: UserStatsOut } },
      scope: ({ query }) => query.guild_id,
      async handler(_ctx, { params, query }) {
        return { body: await userStats(sql, query.guild_id, params.user_id, utcDay(new Date())) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/stats/users/:user_id',
      operationId: 'deleteUserStats',
      summary: "Deletes a user's stats in every guild and stops counting them (as /stats optout; global admins)",
      tag: 'stats',
      globalAdminOnly: "delete a user's stats",
      params: UserParams,
      responses: { 200: { description: 'how many daily rows were deleted', schema: v.object({ deleted: Integer }) } },
      async handler(_ctx, { params }) {
        return { body: { deleted: await optOutUser(sql, params.user_id) } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/stats/ingest',
      operationId: 'ingestStats',
      summary: 'Adds counts from a split bot (global admins); counts add up, so a batch must be sent once',
      tag: 'stats',
      globalAdminOnly: 'ingest stats',
      body: IngestBody,
      responses: { 204: { description: 'added' } },
      async handler(_ctx, { body }) {
        await addUserStats(sql, body.items);
        return {};
      },
    }),
  ];
}
