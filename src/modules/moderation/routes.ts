// /api/guilds/:guild_id/cases: the cases over HTTP, through the service the commands use: list and
// read them, change a reason (the mod-log post follows), and act from the dashboard. A dashboard user
// acts as themselves: their own Discord permissions and roles apply.
import * as v from 'valibot';
import { parseDuration } from '../../features/scheduling/when.ts';
import { defineRoute, type ModuleRoute, type RouteContext } from '../../module-kit/contract.ts';
import { AppError, invalidField } from '../../platform/errors/app-error.ts';
import { Cursor, decodeCursor, IdPosition, Integer, IsoTime, Limit, PageOf, page } from '../../platform/http/pagination.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { isSnowflake } from '../../platform/ids.ts';
import { isoTime } from '../../platform/time/iso.ts';
import { CASE_ACTIONS, type CaseRow, countUserCases, listCases } from './cases.ts';
import { act, changeReason, findCase, type ModerationContext, type ModerationSettings, required } from './service.ts';

/** The rule named in a case made with the API token, which is nobody on Discord. */
const API_TOKEN_RULE = 'API token';
const MEMBER_ACTIONS = ['warn', 'timeout', 'untimeout', 'kick', 'ban', 'unban'] as const;

const IsoString = v.pipe(v.string(), v.isoTimestamp());
/** A case on the wire (the dashboard reads its type). */
export const CaseOut = v.object({
  number: Integer,
  action: v.picklist(CASE_ACTIONS),
  user_id: v.nullable(v.string()),
  moderator_id: v.nullable(v.string()),
  /** What acted when no moderator did (an escalation rule, automod, a ban's end, the API token). */
  rule: v.nullable(v.string()),
  reason: v.nullable(v.string()),
  duration_ms: v.nullable(Integer),
  channel_id: v.nullable(v.string()),
  message_count: v.nullable(Integer),
  log_channel_id: v.nullable(v.string()),
  log_message_id: v.nullable(v.string()),
  created_at: IsoString,
  updated_at: IsoString,
});

const CaseParams = v.object({ number: v.pipe(v.string(), v.regex(/^[1-9]\d{0,8}$/, 'must be a case number'), v.transform(Number)) });
const ListQuery = v.object({
  user_id: v.optional(Snowflake),
  moderator_id: v.optional(Snowflake),
  action: v.optional(v.picklist(CASE_ACTIONS, `must be one of ${CASE_ACTIONS.join(', ')}`)),
  since: v.optional(IsoTime),
  limit: Limit,
  cursor: Cursor,
});
const CountsQuery = v.object({ user_id: Snowflake });
/** A member's record in figures: the dashboard's history of one member. */
export const CaseCounts = v.object({
  user_id: v.string(),
  total: Integer,
  /** Most given first; actions the member has none of are left out. */
  by_action: v.array(v.object({ action: v.picklist(CASE_ACTIONS), count: Integer })),
});
const Reason = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(400, 'must be at most 400 characters'));
const ReasonBody = v.object({ reason: Reason });
/** What POST /cases takes (the dashboard's Act form is typed by it). */
export const ActBody = v.object({
  action: v.picklist(MEMBER_ACTIONS, `must be one of ${MEMBER_ACTIONS.join(', ')}`),
  user_id: Snowflake,
  reason: v.optional(v.nullable(Reason)),
  /** `10m`, `2h`, `7d`: a timeout's length (required), or a temporary ban's. */
  duration: v.optional(v.pipe(v.string(), v.maxLength(40, 'must be at most 40 characters'))),
});


/** The module's context as the service takes it. */
const moderationOf = (ctx: Pick<RouteContext, 'sql' | 'discord' | 'settings' | 'log'>): ModerationContext => ({
  sql: ctx.sql,
  discord: ctx.discord,
  settings: ctx.settings as unknown as ModerationSettings,
  log: ctx.log,
});

const found = (c: CaseRow | undefined, number: number): CaseRow => {
  if (!c) throw new AppError('not_found', 'CASE_NOT_FOUND', `no case ${number} in this guild`);
  return c;
};

export const caseRoutes: ModuleRoute[] = [
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/cases',
    operationId: 'listCases',
    summary: "A guild's moderation cases, newest first (filter by user_id, moderator_id, action, since)",
    query: ListQuery,
    responses: { 200: { description: 'a page of cases', schema: PageOf(CaseOut) } },
    async handler(ctx) {
      const { query } = ctx;
      const { sql } = required(moderationOf(ctx));
      const [before] = query.cursor ? decodeCursor(query.cursor, IdPosition) : [];
      const rows = await listCases(sql, ctx.guild.id, {
        userId: query.user_id,
        moderatorId: query.moderator_id,
        action: query.action,
        since: query.since === undefined ? undefined : new Date(query.since),
        before: before === undefined ? undefined : Number(before),
        limit: query.limit,
      });
      return page(rows.map(present), query.limit, (last) => [String(last.number)]);
    },
  }),
  // Before /cases/:number, which would take `counts` for a number: the first route that matches answers.
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/cases/counts',
    operationId: 'countMemberCases',
    summary: "How many cases of each action a member has (their whole record, however long)",
    query: CountsQuery,
    responses: { 200: { description: "the member's cases by action", schema: CaseCounts } },
    async handler(ctx) {
      const userId = ctx.query.user_id;
      const rows = await countUserCases(required(moderationOf(ctx)).sql, ctx.guild.id, userId);
      const byAction = rows.map((r) => ({ action: r.action, count: r.n })).sort((a, b) => b.count - a.count || CASE_ACTIONS.indexOf(a.action) - CASE_ACTIONS.indexOf(b.action));
      return { user_id: userId, total: byAction.reduce((sum, r) => sum + r.count, 0), by_action: byAction };
    },
  }),
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/cases/:number',
    operationId: 'getCase',
    summary: 'One case',
    params: CaseParams,
    responses: { 200: { description: 'the case', schema: CaseOut } },
    async handler(ctx) {
      return present(found(await findCase(moderationOf(ctx), ctx.guild.id, ctx.params.number), ctx.params.number));
    },
  }),
  defineRoute({
    method: 'PATCH',
    mount: 'guild',
    path: '/cases/:number',
    operationId: 'updateCase',
    summary: "Change a case's reason; its mod-log post is edited to match",
    params: CaseParams,
    body: ReasonBody,
    responses: { 200: { description: 'the case as it is now', schema: CaseOut } },
    async handler(ctx) {
      return present(found(await changeReason(moderationOf(ctx), ctx.guild.id, ctx.params.number, ctx.body.reason), ctx.params.number));
    },
  }),
  defineRoute({
    method: 'POST',
    mount: 'guild',
    path: '/cases',
    operationId: 'createCase',
    summary:
      "Act on a member (warn, timeout, untimeout, kick, ban, unban) as one case; a dashboard user's own Discord permissions and roles apply, as in Discord (the API token acts as itself, the bot's limits only)",
    body: ActBody,
    responses: {
      201: { description: 'the case made', schema: CaseOut },
      403: { description: 'the caller (or the bot) may not do that to that member; the message says why' },
    },
    async handler(ctx) {
      const { body } = ctx;
      const durationMs = body.duration === undefined ? null : parseDuration(body.duration.trim().toLowerCase());
      if (durationMs === undefined) throw invalidField('duration', 'must be a duration, e.g. 10m, 2h or 7d');
      const made = await act(moderationOf(ctx), {
        guildId: ctx.guild.id,
        action: body.action,
        userId: body.user_id,
        // A dashboard user acts as themselves; the API token, which is nobody on Discord, as a rule,
        // whether as the bearer (no user) or signed in to the dashboard with it (a user id that is no snowflake).
        ...(ctx.userId && isSnowflake(ctx.userId) ? { moderatorId: ctx.userId } : { rule: API_TOKEN_RULE }),
        reason: body.reason ?? null,
        durationMs,
        now: Date.now(),
      });
      return ctx.respond(201, present(made), { location: `/api/guilds/${ctx.guild.id}/cases/${made.number}` });
    },
  }),
];

function present(c: CaseRow): v.InferOutput<typeof CaseOut> {
  return {
    number: c.number,
    action: c.action,
    user_id: c.user_id,
    moderator_id: c.moderator_id,
    rule: c.rule,
    reason: c.reason,
    duration_ms: c.duration_ms === null ? null : Number(c.duration_ms),
    channel_id: c.channel_id,
    message_count: c.message_count,
    log_channel_id: c.log_channel_id,
    log_message_id: c.log_message_id,
    created_at: isoTime(new Date(c.created_at)),
    updated_at: isoTime(new Date(c.updated_at)),
  };
}
