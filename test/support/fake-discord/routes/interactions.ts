// Responding to interactions: the callback, then the interaction webhook (@original and follow-ups).
// https://discord.com/developers/docs/interactions/receiving-and-responding
import {
  type APIMessage,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import { fieldError, invalidFormBody, jsonError, unknownInteraction, unknownMessage, unknownWebhook } from '../errors.ts';
import { createBotMessage, editBotMessage, postMessage, sendableChannel } from '../messages.ts';
import { buildMessage } from '../payloads.ts';
import { noContent, objectBody, ok, type Route, type RouteContext } from '../router.ts';
import type { InteractionRecord } from '../state.ts';

/** https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction */
const INITIAL_RESPONSE_MS = 3_000;

export const interactionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/interactions/{interaction.id}/{interaction.token}/callback',
    auth: 'none',
    handle: (context) => {
      const record = context.state.interactions.get(context.params['interaction.token'] ?? '');
      if (!record || record.interaction.id !== context.params['interaction.id']) throw unknownInteraction();
      if (record.responded) throw jsonError(400, 40060, 'Interaction has already been acknowledged');
      // Past 3 s the interaction is gone (the user sees "This interaction failed"); only a defer keeps it.
      if (Date.now() - record.sentAt > INITIAL_RESPONSE_MS) throw unknownInteraction();
      const body = objectBody(context.body);
      const message = respond(context, record, body);
      record.responded = true;
      record.original = message;
      const { interaction } = record;
      context.state.interactionResponses.push({ kind: 'callback', interaction_id: interaction.id, token: interaction.token, type: Number(body.type), body, message });
      if (context.query.get('with_response') !== 'true') return noContent();
      return ok({
        interaction: {
          id: interaction.id,
          type: interaction.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
                response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: { type: body.type, ...(message ? { message } : {}) },
      });
    },
  },
  {
    method: 'GET',
    path: '/webhooks/{application.id}/{interaction.token}/messages/@original',
    auth: 'none',
    handle: (context) => ok(originalOf(context)),
  },
  {
    method: 'PATCH',
    path: '/webhooks/{application.id}/{interaction.token}/messages/@original',
    auth: 'none',
    handle: (context) => {
      const record = webhookRecord(context);
      const body = objectBody(context.body);
      const message = editBotMessage(context, originalOf(context), body);
      const { interaction } = record;
      context.state.interactionResponses.push({ kind: 'edit-original', interaction_id: interaction.id, token: interaction.token, type: null, body, message });
      return ok(message);
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/{application.id}/{interaction.token}/messages/@original',
    auth: 'none',
    handle: (context) => {
      const record = webhookRecord(context);
      const message = originalOf(context);
      context.state.messages.delete(message.id);
      record.original = null;
      const guildId = record.interaction.guild_id;
      context.gateway.dispatch(guildId ?? null, GatewayDispatchEvents.MessageDelete, { id: message.id, channel_id: message.channel_id, ...(guildId ? { guild_id: guildId } : {}) });
      context.state.interactionResponses.push({ kind: 'delete-original', interaction_id: record.interaction.id, token: record.interaction.token, type: null, body: {}, message });
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/webhooks/{application.id}/{interaction.token}',
    auth: 'none',
    handle: (context) => {
      const record = webhookRecord(context);
      // Follow-ups go through the webhook Discord creates with the first response.
      if (!record.responded) throw unknownWebhook();
      const body = objectBody(context.body);
      const message = createBotMessage(context, sendableChannel(context.state, record.interaction.channel?.id ?? ''), body, {
        extra: interactionMessageFields(context, record),
      });
      const { interaction } = record;
      context.state.interactionResponses.push({ kind: 'followup', interaction_id: interaction.id, token: interaction.token, type: null, body, message });
      return context.query.get('wait') === 'true' ? ok(message) : noContent();
    },
  },
];

/** Carries out a callback; returns the message it created or updated, if any. */
function respond(context: RouteContext, record: InteractionRecord, body: Record<string, unknown>): APIMessage | null {
  const { interaction } = record;
  const data = objectBody(body.data);
  const isComponent = interaction.type === InteractionType.MessageComponent;
  const channel = () => sendableChannel(context.state, interaction.channel?.id ?? '');
  const messageType = interaction.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default;
  switch (body.type) {
    case InteractionResponseType.ChannelMessageWithSource:
      return createBotMessage(context, channel(), data, { type: messageType, extra: interactionMessageFields(context, record) });
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      // The "is thinking…" placeholder, which the first PATCH of @original fills in.
      const flags = MessageFlags.Loading | (Number(data.flags ?? 0) & MessageFlags.Ephemeral);
      const placeholder = buildMessage({ channel: channel(), author: context.state.botUser, content: '', flags, type: messageType, extra: interactionMessageFields(context, record) });
      return postMessage(context, placeholder);
    }
    case InteractionResponseType.DeferredMessageUpdate:
      if (isComponent) return interaction.message;
      break;
    case InteractionResponseType.UpdateMessage:
      if (isComponent) return editBotMessage(context, interaction.message, data);
      break;
    case InteractionResponseType.ApplicationCommandAutocompleteResult: {
      if (interaction.type !== InteractionType.ApplicationCommandAutocomplete) break;
      const choices = Array.isArray(data.choices) ? data.choices : [];
      if (choices.length > 25) throw invalidFormBody({ data: { choices: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') } });
      return null;
    }
    case InteractionResponseType.Modal:
      if (interaction.type !== InteractionType.ModalSubmit) return null;
      break;
  }
  throw invalidFormBody({ type: fieldError('INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${String(body.type)} is not valid for interaction type ${interaction.type}`) });
}

function interactionMessageFields(context: RouteContext, { interaction }: InteractionRecord): Partial<APIMessage> {
  const user = interaction.member?.user ?? interaction.user;
  return {
    webhook_id: context.state.applicationId,
    application_id: context.state.applicationId,
    ...(user ? { interaction_metadata: { id: interaction.id, type: interaction.type, user, authorizing_integration_owners: interaction.authorizing_integration_owners } } : {}),
  } as Partial<APIMessage>;
}

function webhookRecord(context: RouteContext): InteractionRecord {
  const record = context.state.interactions.get(context.params['interaction.token'] ?? '');
  if (!record || context.params['application.id'] !== context.state.applicationId) throw unknownWebhook();
  return record;
}

function originalOf(context: RouteContext): APIMessage {
  const { original } = webhookRecord(context);
  if (!original) throw unknownMessage();
  return original;
}
