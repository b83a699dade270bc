// Bans, kicks, timeouts and bulk delete, with Discord's checks: the bot needs the permission and a
// highest role above the member's, and nobody acts on the owner (403 50013 Missing Permissions).
// https://discord.com/developers/docs/resources/guild#create-guild-ban and …/message#bulk-delete-messages
import { AuditLogEvent, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { fieldError, invalidFormBody, jsonError, missingPermissions, unknownBan, unknownChannel, unknownGuild, unknownMember, unknownUser } from '../errors.ts';
import { memberPermissions } from '../permissions.ts';
import { noContent, objectBody, ok, type Route, type RouteContext } from '../router.ts';
import { generateSnowflake } from '../snowflake.ts';
import type { FakeGuild } from '../state.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;
const BULK_DELETE_MAX_AGE_MS = 14 * 24 * 3_600_000;
/** Discord's longest timeout: 28 days. */
const TIMEOUT_MAX_MS = 28 * 24 * 3_600_000;

export const moderationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/guilds/{guild.id}/bans/{user.id}',
    auth: 'bot',
    handle: (context) => {
      const ban = findGuild(context).bans.get(context.params['user.id'] ?? '');
      if (!ban) throw unknownBan();
      return ok(ban);
    },
  },
  {
    method: 'PUT',
    path: '/guilds/{guild.id}/bans/{user.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = findGuild(context);
      const userId = context.params['user.id'] ?? '';
      const user = context.state.users.get(userId);
      if (!user) throw unknownUser();
      checkBotMayAct(guild, context.state.botUser.id, userId, PermissionFlagsBits.BanMembers);
      guild.bans.set(userId, { user, reason: auditReason(context) });
      removeMember(context, guild, userId);
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.GuildBanAdd, { guild_id: guild.id, user }, GatewayIntentBits.GuildModeration);
      dispatchAuditEntry(context, guild, AuditLogEvent.MemberBanAdd, userId);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/guilds/{guild.id}/bans/{user.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = findGuild(context);
      checkBotHas(guild, context.state.botUser.id, PermissionFlagsBits.BanMembers);
      const ban = guild.bans.get(context.params['user.id'] ?? '');
      if (!ban) throw unknownBan();
      guild.bans.delete(ban.user.id);
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.GuildBanRemove, { guild_id: guild.id, user: ban.user }, GatewayIntentBits.GuildModeration);
      dispatchAuditEntry(context, guild, AuditLogEvent.MemberBanRemove, ban.user.id);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/guilds/{guild.id}/members/{user.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = findGuild(context);
      const userId = context.params['user.id'] ?? '';
      if (!guild.members.some((m) => m.user.id === userId)) throw unknownMember();
      checkBotMayAct(guild, context.state.botUser.id, userId, PermissionFlagsBits.KickMembers);
      removeMember(context, guild, userId);
      dispatchAuditEntry(context, guild, AuditLogEvent.MemberKick, userId);
      return noContent();
    },
  },
  {
    method: 'PATCH',
    path: '/guilds/{guild.id}/members/{user.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = findGuild(context);
      const member = guild.members.find((m) => m.user.id === context.params['user.id']);
      if (!member) throw unknownMember();
      const body = objectBody(context.body);
      if ('communication_disabled_until' in body) {
        const until = body.communication_disabled_until;
        if (until !== null && (typeof until !== 'string' || Number.isNaN(Date.parse(until)) || Date.parse(until) - Date.now() > TIMEOUT_MAX_MS)) {
          throw invalidFormBody({ communication_disabled_until: fieldError('BASE_TYPE_BAD_TIME', 'Invalid time, or more than 28 days in the future.') });
        }
        checkBotMayAct(guild, context.state.botUser.id, member.user.id, PermissionFlagsBits.ModerateMembers);
        member.communication_disabled_until = until === null ? null : new Date(until).toISOString();
      }
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.GuildMemberUpdate, { guild_id: guild.id, ...member }, GatewayIntentBits.GuildMembers);
      if ('communication_disabled_until' in body) dispatchAuditEntry(context, guild, AuditLogEvent.MemberUpdate, member.user.id);
      return ok(member);
    },
  },
  {
    method: 'POST',
    path: '/channels/{channel.id}/messages/bulk-delete',
    auth: 'bot',
    handle: (context) => {
      const channel = context.state.channels.get(context.params['channel.id'] ?? '');
      if (!channel) throw unknownChannel();
      const guild = context.state.guildOf(channel);
      if (!guild) throw jsonError(403, 50003, 'Cannot execute action on a DM channel');
      checkBotHas(guild, context.state.botUser.id, PermissionFlagsBits.ManageMessages);
      const ids = objectBody(context.body).messages;
      if (!Array.isArray(ids) || ids.length < 2 || ids.length > 100) {
        throw invalidFormBody({ messages: fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.') });
      }
      if (ids.some((id) => Date.now() - snowflakeTime(String(id)) > BULK_DELETE_MAX_AGE_MS)) throw jsonError(400, 50034, 'You can only bulk delete messages that are under 14 days old.');
      const deleted = ids.map(String).filter((id) => context.state.messages.get(id)?.channel_id === channel.id);
      for (const id of deleted) context.state.messages.delete(id);
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.MessageDeleteBulk, { ids: deleted, channel_id: channel.id, guild_id: guild.id }, GatewayIntentBits.GuildMessages);
      return noContent();
    },
  },
];

function findGuild({ state, params }: RouteContext): FakeGuild {
  const guild = state.guilds.get(params['guild.id'] ?? '');
  if (!guild) throw unknownGuild();
  return guild;
}

/** The reason Discord writes to the audit log: the X-Audit-Log-Reason header, URL-encoded. */
function auditReason(context: RouteContext): string | null {
  const header = context.headers['x-audit-log-reason'];
  return typeof header === 'string' ? decodeURIComponent(header) : null;
}

/**
 * What Discord sends alongside a moderation action (with the Guild Moderation intent): the audit
 * entry naming the bot as its author and the X-Audit-Log-Reason. Discord gives no order between it
 * and the action's own event; here it comes after. https://discord.com/developers/docs/events/gateway-events#guild-audit-log-entry-create
 */
function dispatchAuditEntry(context: RouteContext, guild: FakeGuild, action: AuditLogEvent, targetId: string): void {
  const entry = { id: generateSnowflake(), guild_id: guild.id, action_type: action, target_id: targetId, user_id: context.state.botUser.id, reason: auditReason(context) ?? undefined, changes: [] };
  context.gateway.dispatch(guild.id, GatewayDispatchEvents.GuildAuditLogEntryCreate, entry, GatewayIntentBits.GuildModeration);
}

function checkBotHas(guild: FakeGuild, botId: string, permission: bigint): void {
  if ((BigInt(memberPermissions(guild, botId)) & permission) !== permission) throw missingPermissions();
}

/** Discord's rule: the permission, the target not the owner, and the bot's highest role above the target's. */
function checkBotMayAct(guild: FakeGuild, botId: string, targetId: string, permission: bigint): void {
  checkBotHas(guild, botId, permission);
  if (targetId === guild.owner_id) throw missingPermissions();
  if (guild.members.some((m) => m.user.id === targetId) && highestPosition(guild, botId) <= highestPosition(guild, targetId)) throw missingPermissions();
}

export function highestPosition(guild: FakeGuild, userId: string): number {
  const roles = guild.members.find((m) => m.user.id === userId)?.roles ?? [];
  return Math.max(0, ...guild.roles.filter((role) => roles.includes(role.id)).map((role) => role.position));
}

function removeMember(context: RouteContext, guild: FakeGuild, userId: string): void {
  const member = guild.members.find((m) => m.user.id === userId);
  if (!member) return;
  guild.members = guild.members.filter((m) => m !== member);
  context.gateway.dispatch(guild.id, GatewayDispatchEvents.GuildMemberRemove, { guild_id: guild.id, user: member.user }, GatewayIntentBits.GuildMembers);
}

function snowflakeTime(id: string): number {
  return /^\d+$/.test(id) ? Number((BigInt(id) >> 22n) + DISCORD_EPOCH) : 0;
}
