// https://discord.com/developers/docs/resources/invite#get-invite: which server and channel a code opens.
import { unknownInvite } from '../errors.ts';
import { guildObject } from '../payloads.ts';
import { ok, type Route } from '../router.ts';

export const inviteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/invites/{invite.code}',
    auth: 'bot',
    handle: ({ state, params }) => {
      const invite = state.invites.get(params['invite.code'] ?? '');
      const guild = invite && state.guilds.get(invite.guild_id);
      const channel = invite && state.channels.get(invite.channel_id);
      if (!invite || !guild || !channel) throw unknownInvite();
      const { id, name, icon, splash, banner, description, features, verification_level, vanity_url_code, nsfw_level, premium_subscription_count } = guildObject(guild);
      return ok({
        type: 0,
        code: invite.code,
        guild: { id, name, icon, splash, banner, description, features, verification_level, vanity_url_code, nsfw_level, premium_subscription_count },
        channel: { id: channel.id, type: channel.type, name: 'name' in channel ? channel.name : null },
      });
    },
  },
];
