// Messages the bot creates (channel messages, interaction responses, follow-ups): Discord's
// validation, mention resolution under `allowed_mentions`, storage and the MESSAGE_CREATE echo.
import { type APIMessage, type APIUser, ChannelType, GatewayDispatchEvents, MessageFlags, type MessageType } from 'discord-api-types/v10';
import { fieldError, invalidFormBody, jsonError, missingAccess, unknownChannel } from './errors.ts';
import { buildMessage } from './payloads.ts';
import type { RouteContext } from './router.ts';
import type { FakeState, TextChannel } from './state.ts';

/** The channel a bot may post in, or the error Discord gives for it. */
export function sendableChannel(state: FakeState, channelId: string): TextChannel {
  const channel = state.channels.get(channelId);
  if (!channel) throw unknownChannel();
  if (state.forbiddenChannels.has(channel.id)) throw missingAccess();
  const recipient = channel.type === ChannelType.DM ? channel.recipients?.[0] : undefined;
  if (recipient && state.closedDms.has(recipient.id)) throw jsonError(403, 50007, 'Cannot send messages to this user');
  return channel;
}

/** Discord's checks on a message body: https://discord.com/developers/docs/resources/message#create-message */
export function validateMessageBody(body: Record<string, unknown>, { isEdit = false } = {}): void {
  const content = typeof body.content === 'string' ? body.content : '';
  if (content.length > 2_000) throw invalidFormBody({ content: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.') });
  if (Array.isArray(body.embeds) && body.embeds.length > 10) throw invalidFormBody({ embeds: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.') });
  const hasPayload = [body.embeds, body.components, body.sticker_ids, body.files].some((list) => Array.isArray(list) && list.length > 0) || body.poll !== undefined;
  if (!isEdit && content === '' && !hasPayload) throw jsonError(400, 50006, 'Cannot send an empty message');
}

export interface BotMessageOptions {
  type?: MessageType;
  extra?: Partial<APIMessage>;
}

/** Creates, stores and (unless ephemeral) dispatches a message authored by the bot. */
export function createBotMessage(context: RouteContext, channel: TextChannel, body: Record<string, unknown>, options: BotMessageOptions = {}): APIMessage {
  const { state } = context;
  validateMessageBody(body);
  const referenced = referencedMessage(state, channel, body.message_reference);
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const message = buildMessage({
    channel,
    author: state.botUser,
    content: typeof body.content === 'string' ? body.content : '',
    ...resolveMentions(state, typeof body.content === 'string' ? body.content : '', body.allowed_mentions, referenced),
    embeds: Array.isArray(body.embeds) ? (body.embeds as APIMessage['embeds']) : [],
    components: Array.isArray(body.components) ? (body.components as APIMessage['components']) : [],
    referenced,
    flags,
    ...options,
  });
  return postMessage(context, message);
}

/** Stores a built message and dispatches MESSAGE_CREATE; ephemeral messages exist only for their interaction. */
export function postMessage({ state, gateway }: RouteContext, message: APIMessage): APIMessage {
  if ((message.flags ?? 0) & MessageFlags.Ephemeral) return message;
  state.storeMessage(message);
  gateway.dispatchMessage(GatewayDispatchEvents.MessageCreate, message);
  return message;
}

/** Applies a PATCH body to a message the bot owns and dispatches MESSAGE_UPDATE. */
export function editBotMessage(context: RouteContext, message: APIMessage, body: Record<string, unknown>): APIMessage {
  validateMessageBody(body, { isEdit: true });
  if (typeof body.content === 'string') {
    message.content = body.content;
    Object.assign(message, resolveMentions(context.state, body.content, body.allowed_mentions, message.referenced_message ?? null));
  }
  if (Array.isArray(body.embeds)) message.embeds = body.embeds as APIMessage['embeds'];
  if (Array.isArray(body.components)) message.components = body.components as APIMessage['components'];
  // Editing a deferred "thinking…" response turns it into a normal message.
  message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  message.edited_timestamp = new Date().toISOString();
  if (!((message.flags ?? 0) & MessageFlags.Ephemeral)) context.gateway.dispatchMessage(GatewayDispatchEvents.MessageUpdate, message);
  return message;
}

function referencedMessage(state: FakeState, channel: TextChannel, reference: unknown): APIMessage | null {
  if (typeof reference !== 'object' || reference === null) return null;
  const { message_id: id, fail_if_not_exists: mustExist } = reference as { message_id?: unknown; fail_if_not_exists?: unknown };
  const found = typeof id === 'string' ? state.messages.get(id) : undefined;
  if (found && found.channel_id === channel.id) return found;
  if (mustExist === false) return null;
  throw invalidFormBody({ message_reference: fieldError('MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message') });
}

/**
 * Who a message pings: `<@id>`, `<@&id>` and @everyone/@here in the content, filtered by
 * `allowed_mentions`; a reply pings its target unless allowed_mentions says `replied_user: false`.
 * https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export function resolveMentions(state: FakeState, content: string, allowed: unknown, referenced: APIMessage | null): { mentions: APIUser[]; mention_roles: string[]; mention_everyone: boolean } {
  const rules = typeof allowed === 'object' && allowed !== null ? (allowed as { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean }) : null;
  const may = (kind: 'users' | 'roles' | 'everyone', id?: string): boolean =>
    rules === null || (rules.parse ?? []).includes(kind) || (id !== undefined && kind !== 'everyone' && (rules[kind] ?? []).includes(id));

  const userIds = new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? '').filter((id) => may('users', id)));
  if (referenced && (rules === null || rules.replied_user === true)) userIds.add(referenced.author.id);
  return {
    mentions: [...userIds].flatMap((id) => state.users.get(id) ?? []),
    mention_roles: [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '').filter((id) => may('roles', id)),
    mention_everyone: /@(everyone|here)/.test(content) && may('everyone'),
  };
}
