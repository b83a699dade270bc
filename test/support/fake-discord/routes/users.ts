// https://discord.com/developers/docs/resources/user; `/users/@me*` also answer OAuth2 Bearer tokens.
import type { RESTAPIPartialCurrentUserGuild } from 'discord-api-types/v10';
import { jsonError, unknownUser } from '../errors.ts';
import { memberPermissions } from '../permissions.ts';
import { objectBody, ok, type Route } from '../router.ts';

export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: '/users/@me',
    auth: 'bot-or-bearer',
    handle: ({ bearer, state }) => ok(bearer ? bearer.user : state.botUser),
  },
  {
    method: 'GET',
    path: '/users/@me/guilds',
    auth: 'bot-or-bearer',
    handle: ({ bearer, state }) => {
      if (bearer) {
        return ok(bearer.guilds.map((g): RESTAPIPartialCurrentUserGuild => ({ icon: null, banner: null, owner: false, features: [], ...g })));
      }
      const guilds = [...state.guilds.values()].map(
        (guild): RESTAPIPartialCurrentUserGuild => ({
          id: guild.id,
          name: guild.name,
          icon: null,
          banner: null,
          owner: guild.owner_id === state.botUser.id,
          features: [],
          permissions: memberPermissions(guild, state.botUser.id),
        }),
      );
      return ok(guilds);
    },
  },
  {
    method: 'GET',
    path: '/users/{user.id}',
    auth: 'bot',
    handle: ({ params, state }) => {
      const user = state.users.get(params['user.id'] ?? '');
      if (!user) throw unknownUser();
      return ok(user);
    },
  },
  {
    method: 'POST',
    path: '/users/@me/channels',
    auth: 'bot',
    handle: ({ body, state }) => {
      const { recipient_id: recipientId } = objectBody(body);
      if (typeof recipientId !== 'string' || !state.users.has(recipientId)) throw jsonError(400, 50033, 'Invalid Recipient(s)');
      return ok(state.dmChannelFor(recipientId));
    },
  },
];
