// https://discord.com/developers/docs/resources/guild
import { unknownGuild, unknownMember } from '../errors.ts';
import { guildObject } from '../payloads.ts';
import { type Route, type RouteContext, ok } from '../router.ts';
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
