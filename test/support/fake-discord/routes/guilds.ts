// https://discord.com/developers/docs/resources/guild
import { fieldError, invalidFormBody, unknownGuild, unknownMember } from '../errors.ts';
import { guildObject } from '../payloads.ts';
import { ok, type Route, type RouteContext } from '../router.ts';
import type { FakeGuild } from '../state.ts';

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
