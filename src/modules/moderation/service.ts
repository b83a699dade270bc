// The moderation service every door uses (commands, the API, escalation): checks who may act on
// whom, makes the case and takes the Discord action in one transaction (a refused action gives its
// number back), then posts the case to the mod log. Discord's audit log says "Case N: reason".
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { notInGuild } from '../../features/guilds/directory.ts';
import { permissionNames } from '../../module-kit/preconditions.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Logger } from '../../platform/log.ts';
import { type CaseAction, type CaseRow, countRecentWarnings, getCase, insertCase, setLogMessage, setReason } from './cases.ts';
import { cancelExpiry, scheduleExpiry } from './expiry-queries.ts';
import { ACTION_PERMISSION, type GuildView, hierarchyRefusal, holds, type MemberRoles } from './hierarchy.ts';
import { editCasePost, formatDuration, postCase } from './mod-log.ts';

/** Discord's longest timeout. */
export const MAX_TIMEOUT_MS = 28 * 86_400_000;
/** Discord's limit on an audit-log reason. */
const AUDIT_REASON_MAX = 512;

export interface EscalationRule {
  warnings: number | null;
  within_days: number | null;
  action: string | null;
  minutes: number | null;
}

export interface ModerationSettings {
  log_channel_id: string | null;
  dm_users: boolean;
  escalation: EscalationRule[];
  automod_blocked_words: string | null;
  automod_blocked_patterns: string | null;
  automod_block_invites: boolean;
  automod_max_mentions: number | null;
  automod_spam_messages: number | null;
  automod_spam_seconds: number | null;
  automod_action: 'delete' | 'warn' | 'timeout' | null;
  automod_timeout_minutes: number | null;
  automod_exempt_role_ids: string[];
  automod_exempt_channel_ids: string[];
}

/** A case, and the case its warning escalated to (when a rule fired). */
export type Acted = CaseRow & { escalation?: CaseRow };

/** What the service needs of a module context. */
export interface ModerationContext {
  sql?: Sql | undefined;
  discord?: API | undefined;
  settings: ModerationSettings;
  log: Logger;
}

export type MemberAction = Exclude<CaseAction, 'purge' | 'delete'>;

export interface ActRequest {
  guildId: string;
  action: MemberAction;
  userId: string;
  /** The person acting, whose own permissions and roles apply; absent when a rule acts. */
  moderatorId?: string;
  /** The rule that acted (escalation, automod), named in the case. */
  rule?: string;
  reason: string | null;
  /** A timeout's length (required), or a temporary ban's. */
  durationMs?: number | null;
  now: number;
}

/** The sql and Discord client a context must have, or the refusal that says which is missing. */
export function required(ctx: ModerationContext): { sql: Sql; discord: API } {
  if (!ctx.sql) throw new AppError('unavailable', 'NO_DATABASE', 'Moderation needs the database, which this process does not have.');
  if (!ctx.discord) throw new AppError('unavailable', 'NO_DISCORD', 'Moderation needs Discord, which this process is not connected to.');
  return { sql: ctx.sql, discord: ctx.discord };
}

/** Acts on a member as one case (a warning may escalate: its own case); throws an AppError whose message says why not. */
export async function act(ctx: ModerationContext, request: ActRequest): Promise<Acted> {
  const { sql, discord } = required(ctx);
  const { action, userId, guildId } = request;
  const durationMs = request.durationMs ?? null;
  if (action === 'timeout' && (durationMs === null || durationMs <= 0)) throw new AppError('invalid', 'DURATION_REQUIRED', 'A timeout needs a duration, e.g. `10m`, `2h` or `7d`.');
  if (action === 'timeout' && durationMs !== null && durationMs > MAX_TIMEOUT_MS) throw new AppError('invalid', 'DURATION_TOO_LONG', 'A timeout lasts at most 28 days.');
  const guild = await guildView(discord, guildId);
  const botId = await botIdOf(discord);
  const [target, moderator, bot] = await Promise.all([
    rolesOf(discord, guildId, userId),
    request.moderatorId ? rolesOf(discord, guildId, request.moderatorId) : Promise.resolve(null),
    rolesOf(discord, guildId, botId),
  ]);
  if (target === null && (action === 'timeout' || action === 'untimeout' || action === 'kick' || action === 'warn')) {
    throw new AppError('not_found', 'NOT_A_MEMBER', `<@${userId}> is not a member of this server.`);
  }
  const refusal = hierarchyRefusal({
    guild,
    action,
    targetId: userId,
    target,
    ...(request.moderatorId ? { moderator: { id: request.moderatorId, roles: moderator } } : {}),
    bot: { id: botId, roles: bot },
  });
  if (refusal) throw new AppError('forbidden', refusal.code, refusal.message);

  const made = await sql.begin(async (tx) => {
    const txSql = tx as unknown as Sql;
    const c = await insertCase(txSql, { guildId, action, userId, moderatorId: request.moderatorId ?? null, rule: request.rule ?? null, reason: request.reason, durationMs });
    const reason = auditReason(c);
    if ((action === 'kick' || action === 'ban') && ctx.settings.dm_users) await tellMember(discord, userId, guild.name, c, ctx.log);
    await discordAction(discord, c, reason, request.now);
    if (action === 'ban') await scheduleExpiry(txSql, { guildId, userId, caseNumber: c.number, dueAt: durationMs === null ? null : new Date(request.now + durationMs) });
    if (action === 'unban') await cancelExpiry(txSql, guildId, userId);
    return c;
  });
  const logged = await logCase(ctx, sql, discord, made);
  if (action !== 'warn') return logged;
  const escalation = await escalate(ctx, sql, made, request.now);
  return escalation ? { ...logged, escalation } : logged;
}

const ESCALATION_ACTIONS: readonly string[] = ['timeout', 'kick', 'ban'];

/**
 * The rule a member's warnings have just reached: of the rules whose count they have within the
 * rule's days, the one asking most; it fires when that count is reached exactly, so a later warning
 * does not repeat it. Its action is its own case, naming the rule, with only the bot's limits.
 */
async function escalate(ctx: ModerationContext, sql: Sql, warning: CaseRow, now: number): Promise<CaseRow | undefined> {
  const userId = warning.user_id ?? '';
  const rules = ctx.settings.escalation.filter(
    (r): r is EscalationRule & { warnings: number; within_days: number; action: MemberAction } =>
      r.warnings !== null && r.within_days !== null && r.action !== null && ESCALATION_ACTIONS.includes(r.action) && (r.action !== 'timeout' || r.minutes !== null),
  );
  let best: { rule: (typeof rules)[number]; exact: boolean } | undefined;
  for (const rule of rules) {
    const count = await countRecentWarnings(sql, warning.guild_id, userId, new Date(now - rule.within_days * 86_400_000));
    if (count >= rule.warnings && rule.warnings > (best?.rule.warnings ?? 0)) best = { rule, exact: count === rule.warnings };
  }
  const reached = best?.exact ? best.rule : undefined;
  if (!reached) return undefined;
  const name = `Escalation: ${reached.warnings} warnings in ${reached.within_days} days`;
  try {
    return await act(ctx, {
      guildId: warning.guild_id,
      action: reached.action,
      userId,
      rule: name,
      reason: `${reached.warnings} warnings within ${reached.within_days} days (the last: case ${warning.number})`,
      durationMs: reached.minutes === null ? null : reached.minutes * 60_000,
      now,
    });
  } catch (error) {
    // The warning stands; the bot could not take the escalated action (its role, the member left).
    if (!(error instanceof AppError)) throw error;
    ctx.log.warn({ guild: warning.guild_id, case: warning.number, reason: error.message }, 'an escalation rule could not act');
    return undefined;
  }
}

/** Refuses a member without `permission` guild-wide (a prefix command's and the dashboard's check; a slash command's is Discord's too). */
export async function assertMayModerate(ctx: ModerationContext, guildId: string, userId: string, permission: bigint): Promise<void> {
  const { discord } = required(ctx);
  const guild = await guildView(discord, guildId);
  if (!holds(guild, userId, await rolesOf(discord, guildId, userId), permission)) {
    throw new AppError('forbidden', 'MEMBER_PERMISSIONS', `You need the ${permissionNames(permission)} permission for that.`);
  }
}

/** Discord bulk-deletes messages younger than 14 days only; a minute's margin for the trip there. */
const BULK_DELETE_MAX_AGE_MS = 14 * 86_400_000 - 60_000;
const DISCORD_EPOCH = 1_420_070_400_000n;

export interface PurgeRequest {
  guildId: string;
  channelId: string;
  moderatorId: string;
  /** How many matching messages, of the channel's last 100, to delete (1-100). */
  count: number;
  /** Only this member's messages. */
  userId?: string | undefined;
  /** Only messages containing this text (case ignored). */
  contains?: string | undefined;
  /** Messages not to touch (the `!purge` message itself). */
  except?: readonly string[];
  reason: string | null;
  now: number;
}

/** Deletes up to `count` matching recent messages with one bulk delete, as one case; how many were too old. */
export async function purge(ctx: ModerationContext, request: PurgeRequest): Promise<{ case: CaseRow; skipped: number }> {
  const { sql, discord } = required(ctx);
  const { guildId, channelId } = request;
  const guild = await guildView(discord, guildId);
  const botId = await botIdOf(discord);
  const [moderator, bot] = await Promise.all([rolesOf(discord, guildId, request.moderatorId), rolesOf(discord, guildId, botId)]);
  const needed = ACTION_PERMISSION.purge;
  if (!holds(guild, request.moderatorId, moderator, needed)) throw new AppError('forbidden', 'MEMBER_PERMISSIONS', `You need the ${permissionNames(needed)} permission for that.`);
  if (!holds(guild, botId, bot, needed)) throw new AppError('forbidden', 'BOT_PERMISSIONS', `I need the ${permissionNames(needed)} permission for that.`);
  const needle = request.contains?.toLowerCase();
  const recent = await discord.channels.getMessages(channelId, { limit: 100 });
  const matching = recent
    .filter((m) => !request.except?.includes(m.id) && !m.pinned)
    .filter((m) => (request.userId ? m.author.id === request.userId : true) && (needle ? m.content.toLowerCase().includes(needle) : true))
    .slice(0, request.count);
  const young = matching.filter((m) => request.now - snowflakeTime(m.id) < BULK_DELETE_MAX_AGE_MS).map((m) => m.id);
  const skipped = matching.length - young.length;
  if (young.length === 0) throw new AppError('not_found', 'NOTHING_TO_PURGE', skipped > 0 ? `The ${skipped} matching messages are older than 14 days, which Discord does not bulk-delete.` : 'No recent message matches.');
  const made = await sql.begin(async (tx) => {
    const c = await insertCase(tx as unknown as Sql, { guildId, action: 'purge', userId: request.userId ?? null, moderatorId: request.moderatorId, reason: request.reason, channelId, messageCount: young.length });
    try {
      // Bulk delete takes 2-100 ids; one message is deleted on its own.
      if (young.length === 1) await discord.channels.deleteMessage(channelId, young[0] ?? '', { reason: auditReason(c) });
      else await discord.channels.bulkDeleteMessages(channelId, young, { reason: auditReason(c) });
    } catch (error) {
      if (error instanceof DiscordAPIError && error.status < 500) throw new AppError('upstream', 'DISCORD_REFUSED', `Discord refused: ${error.message}.`, { cause: error });
      throw error;
    }
    return c;
  });
  return { case: await logCase(ctx, sql, discord, made), skipped };
}

function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Posts a case to the mod log (when the guild has one) and remembers the post, for `/reason`. */
export async function logCase(ctx: ModerationContext, sql: Sql, discord: API, c: CaseRow): Promise<CaseRow> {
  const channelId = ctx.settings.log_channel_id;
  if (!channelId) return c;
  const messageId = await postCase(discord, channelId, c, ctx.log);
  if (!messageId) return c;
  await setLogMessage(sql, c.guild_id, c.number, channelId, messageId);
  return { ...c, log_channel_id: channelId, log_message_id: messageId };
}

/** Changes a case's reason and edits its mod-log post; undefined when there is no such case. */
export async function changeReason(ctx: ModerationContext, guildId: string, number: number, reason: string): Promise<CaseRow | undefined> {
  const { sql, discord } = required(ctx);
  const c = await setReason(sql, guildId, number, reason);
  if (c) await editCasePost(discord, c, ctx.log);
  return c;
}

export function findCase(ctx: ModerationContext, guildId: string, number: number): Promise<CaseRow | undefined> {
  return getCase(required(ctx).sql, guildId, number);
}

/** "Case 12: spamming" — what Discord's audit log shows, within its 512 characters. */
export function auditReason(c: Pick<CaseRow, 'number' | 'reason' | 'rule'>): string {
  const text = `Case ${c.number}: ${c.reason ?? c.rule ?? 'no reason given'}`;
  return text.length > AUDIT_REASON_MAX ? `${text.slice(0, AUDIT_REASON_MAX - 1)}…` : text;
}

/** A sentence saying what was done, for the reply (and what a warning escalated to). */
export function describeCase(c: Acted): string {
  const who = c.user_id ? `<@${c.user_id}>` : 'the member';
  const length = c.duration_ms ? ` for ${formatDuration(Number(c.duration_ms))}` : '';
  const done: Record<CaseAction, string> = {
    warn: `${who} was warned`,
    timeout: `${who} was timed out${length}`,
    untimeout: `${who}'s timeout was lifted`,
    kick: `${who} was kicked`,
    ban: `${who} was banned${length}`,
    unban: `${who} was unbanned`,
    purge: `${c.message_count ?? 0} messages were deleted`,
    delete: `a message of ${who} was deleted`,
  };
  const sentence = `Case ${c.number}: ${done[c.action]}${c.reason ? ` (${c.reason})` : ''}.`;
  return c.escalation ? `${sentence} ${c.escalation.rule}: ${describeCase(c.escalation)}` : sentence;
}

async function discordAction(discord: API, c: CaseRow, reason: string, now: number): Promise<void> {
  const { guild_id: guildId } = c;
  const userId = c.user_id ?? '';
  try {
    switch (c.action) {
      case 'timeout':
        await discord.guilds.editMember(guildId, userId, { communication_disabled_until: new Date(now + Number(c.duration_ms)).toISOString() }, { reason });
        return;
      case 'untimeout':
        await discord.guilds.editMember(guildId, userId, { communication_disabled_until: null }, { reason });
        return;
      case 'kick':
        await discord.guilds.removeMember(guildId, userId, { reason });
        return;
      case 'ban':
        await discord.guilds.banUser(guildId, userId, {}, { reason });
        return;
      case 'unban':
        await discord.guilds.unbanUser(guildId, userId, { reason });
        return;
      default:
        return;
    }
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownBan) throw new AppError('not_found', 'NOT_BANNED', `<@${userId}> is not banned.`);
    if (error instanceof DiscordAPIError && error.status < 500) throw new AppError('upstream', 'DISCORD_REFUSED', `Discord refused: ${error.message}.`, { cause: error });
    throw error;
  }
}

/** A DM before a kick or ban; a member whose DMs are closed (or who left) is skipped quietly. */
async function tellMember(discord: API, userId: string, guildName: string, c: CaseRow, log: Logger): Promise<void> {
  const what = c.action === 'ban' ? `banned from **${guildName}**${c.duration_ms ? ` for ${formatDuration(Number(c.duration_ms))}` : ''}` : `kicked from **${guildName}**`;
  try {
    const dm = await discord.users.createDM(userId);
    await discord.channels.createMessage(dm.id, { content: `You were ${what}. Reason: ${c.reason ?? 'no reason given'}`, allowed_mentions: { parse: [] } });
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    log.debug({ guild: c.guild_id, case: c.number, code: error.code }, 'the member could not be told by DM');
  }
}

/** The guild as hierarchy checks need it; one the bot is not in is a 404 (a client's mistake, not ours). */
async function guildView(discord: API, guildId: string): Promise<GuildView & { name: string }> {
  const guild = await discord.guilds.get(guildId).catch((error: unknown) => {
    throw notInGuild(error) ?? error;
  });
  return { id: guild.id, name: guild.name, ownerId: guild.owner_id, roles: guild.roles };
}

/** A member's role ids, or null when the user is not in the guild. */
async function rolesOf(discord: API, guildId: string, userId: string): Promise<MemberRoles> {
  try {
    return (await discord.guilds.getMember(guildId, userId)).roles;
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser)) return null;
    throw error;
  }
}

// The bot's own id never changes in a process: asked once per Discord client.
const botIds = new WeakMap<API, Promise<string>>();
function botIdOf(discord: API): Promise<string> {
  let id = botIds.get(discord);
  if (!id) {
    id = discord.users.getCurrent().then((user) => user.id);
    id.catch(() => botIds.delete(discord));
    botIds.set(discord, id);
  }
  return id;
}
