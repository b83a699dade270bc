// https://discord.com/developers/docs/resources/channel and .../resources/message
import { GatewayDispatchEvents, PermissionFlagsBits } from 'discord-api-types/v10';
import { jsonError, missingAccess, missingPermissions, unknownChannel, unknownMessage } from '../errors.ts';
import { createBotMessage, editBotMessage, sendableChannel } from '../messages.ts';
import { memberPermissions } from '../permissions.ts';
import { noContent, objectBody, ok, type Route, type RouteContext } from '../router.ts';
import type { TextChannel } from '../state.ts';

export const channelRoutes: Route[] = [
  {
    method: 'GET',
    path: '/channels/{channel.id}',
    auth: 'bot',
    handle: (context) => ok(visibleChannel(context)),
  },
  {
    method: 'GET',
    path: '/channels/{channel.id}/messages',
    auth: 'bot',
    handle: (context) => {
      const channel = visibleChannel(context);
      const limit = Math.min(Number(context.query.get('limit') ?? 50), 100);
      const messages = [...context.state.messages.values()].filter((m) => m.channel_id === channel.id);
      return ok(messages.reverse().slice(0, limit));
    },
  },
  {
    method: 'POST',
    path: '/channels/{channel.id}/messages',
    auth: 'bot',
    handle: (context) => {
      const channel = sendableChannel(context.state, context.params['channel.id'] ?? '');
      const body = objectBody(context.body);
      // enforce_nonce: a nonce seen from the bot in this channel in the last few minutes returns that message.
      const nonceKey = body.nonce === undefined ? undefined : `${channel.id}:${String(body.nonce)}`;
      const earlier = nonceKey === undefined ? undefined : context.state.sentNonces.get(nonceKey);
      if (earlier && body.enforce_nonce === true && Date.now() - Date.parse(earlier.message.timestamp) < 5 * 60_000) return ok(earlier.message);
      const message = createBotMessage(context, channel, body);
      const sent = { channel_id: channel.id, body, message };
      context.state.sentMessages.push(sent);
      if (nonceKey !== undefined) context.state.sentNonces.set(nonceKey, sent);
      return ok(message);
    },
  },
  {
    method: 'GET',
    path: '/channels/{channel.id}/messages/{message.id}',
    auth: 'bot',
    handle: (context) => ok(findMessage(context)),
  },
  {
    method: 'PATCH',
    path: '/channels/{channel.id}/messages/{message.id}',
    auth: 'bot',
    handle: (context) => {
      const message = findMessage(context);
      if (message.author.id !== context.state.botUser.id) throw jsonError(403, 50005, 'Cannot edit a message authored by another user');
      return ok(editBotMessage(context, message, objectBody(context.body)));
    },
  },
  {
    method: 'DELETE',
    path: '/channels/{channel.id}/messages/{message.id}',
    auth: 'bot',
    handle: (context) => {
      const message = findMessage(context);
      const channel = visibleChannel(context);
      const guild = context.state.guildOf(channel);
      // Another's message needs Manage Messages (guild-wide here: the fake has no channel overwrites).
      const botId = context.state.botUser.id;
      if (guild && message.author.id !== botId && !(BigInt(memberPermissions(guild, botId)) & PermissionFlagsBits.ManageMessages)) throw missingPermissions();
      context.state.messages.delete(message.id);
      const data = { id: message.id, channel_id: channel.id, ...(guild ? { guild_id: guild.id } : {}) };
      context.gateway.dispatch(guild?.id ?? null, GatewayDispatchEvents.MessageDelete, data);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/channels/{channel.id}/typing',
    auth: 'bot',
    handle: (context) => {
      sendableChannel(context.state, context.params['channel.id'] ?? '');
      return noContent();
    },
  },
];

function visibleChannel({ state, params }: RouteContext): TextChannel {
  const channel = state.channels.get(params['channel.id'] ?? '');
  if (!channel) throw unknownChannel();
  if (state.forbiddenChannels.has(channel.id)) throw missingAccess();
  return channel;
}

function findMessage(context: RouteContext) {
  const channel = visibleChannel(context);
  const message = context.state.messages.get(context.params['message.id'] ?? '');
  if (!message || message.channel_id !== channel.id) throw unknownMessage();
  return message;
}
