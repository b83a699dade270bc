// /api/guilds/:guild_id/cases: the moderation module's cases over HTTP, through its service (the same
// one its commands use): list and read them, change a reason (the mod-log post follows), and act from
// the dashboard. A dashboard user acts as themselves: their own Discord permissions and roles apply.
import * as v from 'valibot';
import { parseDuration } from '../features/scheduling/when.ts';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import { CASE_ACTIONS, type CaseRow, listCases } from '../modules/moderation/cases.ts';
import { act, changeReason, findCase, type ModerationContext, type ModerationSettings, required } from '../modules/moderation/service.ts';
import { AppError, invalidField } from '../platform/errors/app-error.ts';
import { Cursor, decodeCursor, IdPosition, Integer, IsoTime, Limit, PageOf, page } from '../platform/http/pagination.ts';
import { Snowflake } from '../platform/http/schemas.ts';
import type { Principal } from './access.ts';
import { type ApiRoute, route } from './route.ts';

/** The rule named in a case made with the API token, which is nobody on Discord. */
const API_TOKEN_RULE = 'API token';
const MEMBER_ACTIONS = ['warn', 'timeout', 'untimeout', 'kick', 'ban', 'unban'] as const;

const IsoString = v.pipe(v.string(), v.isoTimestamp());
const CaseOut = v.object({
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

const CaseParams = v.object({ guild_id: Snowflake, number: v.pipe(v.string(), v.regex(/^[1-9]\d{0,8}$/, 'must be a case number'), v.transform(Number)) });
const ListQuery = v.object({
  user_id: v.optional(Snowflake),
  moderator_id: v.optional(Snowflake),
  action: v.optional(v.picklist(CASE_ACTIONS, `must be one of ${CASE_ACTIONS.join(', ')}`)),
  since: v.optional(IsoTime),
  limit: Limit,
  cursor: Cursor,
});
const Reason = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(400, 'must be at most 400 characters'));
const ReasonBody = v.object({ reason: Reason });
const ActBody = v.object({
  action: v.picklist(MEMBER_ACTIONS, `must be one of ${MEMBER_ACTIONS.join(', ')}`),
  user_id: Snowflake,
  reason: v.optional(v.nullable(Reason)),
  /** `10m`, `2h`, `7d`: a timeout's length (required), or a temporary ban's. */
  duration: v.optional(v.pipe(v.string(), v.maxLength(40, 'must be at most 40 characters'))),
});

const GuildOnly = v.object({ guild_id: Snowflake });

export function caseRoutes(modules: ModuleRuntime): ApiRoute[] {
  /** The moderation module's context in the guild; 404 where it is not loaded or is off. */
  const moderation = async (guildId: string): Promise<ModerationContext> => {
    const module = modules.registry.get('moderation');
    if (!module || !(await modules.isEnabled(module, guildId))) throw new AppError('not_found', 'MODULE_OFF', 'the moderation module is off in this guild');
    const ctx = await modules.context(module, guildId);
    return { sql: ctx.sql, discord: ctx.discord, settings: ctx.settings as unknown as ModerationSettings, log: ctx.log };
  };
  const found = (c: CaseRow | undefined, number: number): CaseRow => {
    if (!c) throw new AppError('not_found', 'CASE_NOT_FOUND', `no case ${number} in this guild`);
    return c;
  };
  return [
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/cases',
      operationId: 'listCases',
      summary: "A guild's moderation cases, newest first (filter by user_id, moderator_id, action, since)",
      tag: 'moderation',
      params: GuildOnly,
      query: ListQuery,
      responses: { 200: { description: 'a page of cases', schema: PageOf(CaseOut) }, 404: { description: 'the moderation module is off in this guild' } },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params, query }) {
        const { sql } = required(await moderation(params.guild_id));
        const [before] = query.cursor ? decodeCursor(query.cursor, IdPosition) : [];
        const rows = await listCases(sql, params.guild_id, {
          userId: query.user_id,
          moderatorId: query.moderator_id,
          action: query.action,
          since: query.since === undefined ? undefined : new Date(query.since),
          before: before === undefined ? undefined : Number(before),
          limit: query.limit,
        });
        return { body: page(rows.map(present), query.limit, (last) => [String(last.number)]) };
      },
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/cases/:number',
      operationId: 'getCase',
      summary: 'One case',
      tag: 'moderation',
      params: CaseParams,
      responses: { 200: { description: 'the case', schema: CaseOut }, 404: { description: 'no such case, or the module is off' } },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params }) {
        return { body: present(found(await findCase(await moderation(params.guild_id), params.guild_id, params.number), params.number)) };
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/guilds/:guild_id/cases/:number',
      operationId: 'updateCase',
      summary: "Change a case's reason; its mod-log post is edited to match",
      tag: 'moderation',
      params: CaseParams,
      body: ReasonBody,
      responses: { 200: { description: 'the case as it is now', schema: CaseOut }, 404: { description: 'no such case, or the module is off' } },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params, body }) {
        return { body: present(found(await changeReason(await moderation(params.guild_id), params.guild_id, params.number, body.reason), params.number)) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/guilds/:guild_id/cases',
      operationId: 'createCase',
      summary:
        "Act on a member (warn, timeout, untimeout, kick, ban, unban) as one case; a dashboard user's own Discord permissions and roles apply, as in Discord (the API token acts as itself, the bot's limits only)",
      tag: 'moderation',
      params: GuildOnly,
      body: ActBody,
      responses: {
        201: { description: 'the case made', schema: CaseOut },
        403: { description: 'the caller (or the bot) may not do that to that member; the message says why' },
        404: { description: 'the user is not a member, or the module is off' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params, body, principal }) {
        const durationMs = body.duration === undefined ? null : parseDuration(body.duration.trim().toLowerCase());
        if (durationMs === undefined) throw invalidField('duration', 'must be a duration, e.g. 10m, 2h or 7d');
        const made = await act(await moderation(params.guild_id), {
          guildId: params.guild_id,
          action: body.action,
          userId: body.user_id,
          ...actorOf(principal),
          reason: body.reason ?? null,
          durationMs,
          now: Date.now(),
        });
        return { status: 201, headers: { location: `/api/guilds/${params.guild_id}/cases/${made.number}` }, body: present(made) };
      },
    }),
  ];
}

/** A dashboard user acts as themselves; the API token, which is nobody on Discord, as a rule. */
function actorOf(principal: Principal): { moderatorId: string } | { rule: string } {
  return principal.kind === 'session' ? { moderatorId: principal.userId } : { rule: API_TOKEN_RULE };
}

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
    created_at: new Date(c.created_at).toISOString(),
    updated_at: new Date(c.updated_at).toISOString(),
  };
}
