// https://discord.com/developers/docs/resources/guild
import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { fieldError, invalidFormBody, missingPermissions, unknownGuild, unknownMember, unknownRole } from '../errors.ts';
import { guildObject } from '../payloads.ts';
import { memberPermissions } from '../permissions.ts';
import { noContent, ok, type Route, type RouteContext } from '../router.ts';
import type { FakeGuild, GuildMember } from '../state.ts';

export const guildRoutes: Route[] = [
  {
    method: 'GET',
    path: '/guilds/{guild.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = findGuild(context);
      const counts = context.query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.length, approximate_presence_count: 0 } : {};
      return ok({ ...guildObject(guild), ...counts });
    },
  },
  {
    // Listed before /members/{user.id}, as Discord's own router tells the literal segment apart.
    method: 'GET',
    path: '/guilds/{guild.id}/members/search',
    auth: 'bot',
    handle: (context) => {
      const query = context.query.get('query');
      const limit = Number(context.query.get('limit') ?? '1');
      if (query === null) throw invalidFormBody({ query: fieldError('BASE_TYPE_REQUIRED', 'This field is required') });
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalidFormBody({ limit: fieldError('NUMBER_TYPE_MAX', 'int value should be between 1 and 1000.') });
      // Discord matches the start of the username or nickname, ignoring case.
      const needle = query.toLowerCase();
      const found = findGuild(context).members.filter((m) => [m.user.username, m.user.global_name, m.nick].some((name) => name?.toLowerCase().startsWith(needle)));
      return ok(found.slice(0, limit));
    },
  },
  {
    method: 'GET',
    path: '/guilds/{guild.id}/members/{user.id}',
    auth: 'bot',
    handle: (context) => {
      const member = findGuild(context).members.find((m) => m.user.id === context.params['user.id']);
      if (!member) throw unknownMember();
      return ok(member);
    },
  },
  {
    // https://discord.com/developers/docs/resources/guild#add-guild-member-role
    method: 'PUT',
    path: '/guilds/{guild.id}/members/{user.id}/roles/{role.id}',
    auth: 'bot',
    handle: (context) => changeMemberRole(context, 'add'),
  },
  {
    method: 'DELETE',
    path: '/guilds/{guild.id}/members/{user.id}/roles/{role.id}',
    auth: 'bot',
    handle: (context) => changeMemberRole(context, 'remove'),
  },
  {
    method: 'GET',
    path: '/guilds/{guild.id}/roles',
    auth: 'bot',
    handle: (context) => ok(findGuild(context).roles),
  },
  {
    method: 'GET',
    path: '/guilds/{guild.id}/channels',
    auth: 'bot',
    handle: (context) => ok(findGuild(context).channels),
  },
];

function findGuild({ state, params }: RouteContext): FakeGuild {
  const guild = state.guilds.get(params['guild.id'] ?? '');
  if (!guild) throw unknownGuild();
  return guild;
}

/**
 * Discord's rules for giving or taking a role: Manage Roles, a role below the bot's highest, not
 * managed (a bot's or an integration's); the member then gets GUILD_MEMBER_UPDATE. Giving a role
 * held, or taking one not held, changes nothing and still answers 204.
 */
function changeMemberRole(context: RouteContext, change: 'add' | 'remove') {
  const guild = findGuild(context);
  const member = guild.members.find((m) => m.user.id === context.params['user.id']);
  if (!member) throw unknownMember();
  const role = guild.roles.find((r) => r.id === context.params['role.id']);
  if (!role) throw unknownRole();
  const botId = context.state.botUser.id;
  if (guild.owner_id !== botId) {
    if (!(BigInt(memberPermissions(guild, botId)) & PermissionFlagsBits.ManageRoles)) throw missingPermissions();
    if (role.managed || role.id === guild.id || role.position >= highestPosition(guild, botId)) throw missingPermissions();
  }
  const held = member.roles.includes(role.id);
  if ((change === 'add') === held) return noContent();
  member.roles = change === 'add' ? [...member.roles, role.id] : member.roles.filter((id) => id !== role.id);
  context.gateway.dispatch(guild.id, GatewayDispatchEvents.GuildMemberUpdate, memberUpdate(guild, member), GatewayIntentBits.GuildMembers);
  return noContent();
}

/** The position of a member's highest role (0: only @everyone). */
export function highestPosition(guild: FakeGuild, userId: string): number {
  const member = guild.members.find((m) => m.user.id === userId);
  return Math.max(0, ...guild.roles.filter((r) => member?.roles.includes(r.id)).map((r) => r.position));
}

/** GUILD_MEMBER_UPDATE's data: the member as it now is, with its guild. */
export function memberUpdate(guild: FakeGuild, member: GuildMember) {
  return { guild_id: guild.id, ...member, roles: [...member.roles] };
}
