// Messages the bot creates (channel messages, interaction responses, follow-ups): Discord's
// validation, mention resolution under `allowed_mentions`, storage and the MESSAGE_CREATE echo.
import { type APIAttachment, type APIMessage, type APIUser, ChannelType, GatewayDispatchEvents, MessageFlags, type MessageType } from 'discord-api-types/v10';
import { fieldError, invalidFormBody, jsonError, missingAccess, unknownChannel } from './errors.ts';
import { buildMessage } from './payloads.ts';
import type { RouteContext } from './router.ts';
import { generateSnowflake } from './snowflake.ts';
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
  if (Array.isArray(body.embeds)) validateEmbeds(body.embeds);
  if (Array.isArray(body.components)) validateComponents(body.components);
  if (Array.isArray(body.files)) validateFiles(body.files as UploadedFile[]);
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
    attachments: Array.isArray(body.files) ? attachmentsOf(channel, body.files as UploadedFile[]) : [],
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

/** A file of a multipart message, as the fake's body parser hands it over. */
export interface UploadedFile {
  field: string;
  name: string;
  size: number;
  content_type: string;
  text: string;
}

/** A bot's upload limit in a server without boosts: https://discord.com/developers/docs/reference#uploading-files */
const FILE_MAX_BYTES = 10 * 1_048_576;

/** At most 10 files a message, each within the upload limit. */
function validateFiles(files: UploadedFile[]): void {
  if (files.length > 10) throw jsonError(400, 30015, 'Maximum number of attachments in a message reached (10)');
  if (files.some((file) => file.size > FILE_MAX_BYTES)) throw jsonError(413, 40005, 'Request entity too large');
}

function attachmentsOf(channel: TextChannel, files: UploadedFile[]): APIAttachment[] {
  return files.map((file) => {
    const id = generateSnowflake();
    const url = `https://cdn.discordapp.com/attachments/${channel.id}/${id}/${encodeURIComponent(file.name)}`;
    return { id, filename: file.name, size: file.size, url, proxy_url: url, ...(file.content_type ? { content_type: file.content_type } : {}) };
  });
}

const maxLength = (n: number) => fieldError('BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`);
const required = () => fieldError('BASE_TYPE_REQUIRED', 'This field is required');
const badUrl = () => fieldError('URL_TYPE_INVALID_URL', 'Not a well formed URL.');
const isUrl = (value: unknown) => typeof value === 'string' && /^(https?|attachment):\/\/\S+$/i.test(value);

/**
 * Discord's embed limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * Any breach is a 50035 naming the field (`embeds.0.title`), the total of 6000 one for `embeds`.
 */
function validateEmbeds(embeds: unknown[]): void {
  const errors: Record<string, unknown> = {};
  let total = 0;
  embeds.forEach((raw, index) => {
    const embed = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const e: Record<string, unknown> = {};
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const check = (target: Record<string, unknown>, key: string, value: unknown, max: number) => {
      const length = text(value).length;
      total += length;
      if (length > max) target[key] = maxLength(max);
    };
    check(e, 'title', embed.title, 256);
    check(e, 'description', embed.description, 4_096);
    if (embed.url !== undefined && !isUrl(embed.url)) e.url = badUrl();
    for (const key of ['thumbnail', 'image'] as const) {
      const media = embed[key] as { url?: unknown } | undefined;
      if (media !== undefined && !isUrl(media.url)) e[key] = { url: badUrl() };
    }
    const author = embed.author as Record<string, unknown> | undefined;
    if (author) {
      const a: Record<string, unknown> = {};
      if (typeof author.name !== 'string') a.name = required();
      check(a, 'name', author.name, 256);
      if (author.url !== undefined && !isUrl(author.url)) a.url = badUrl();
      if (author.icon_url !== undefined && !isUrl(author.icon_url)) a.icon_url = badUrl();
      if (Object.keys(a).length > 0) e.author = a;
    }
    const footer = embed.footer as Record<string, unknown> | undefined;
    if (footer) {
      const f: Record<string, unknown> = {};
      if (typeof footer.text !== 'string') f.text = required();
      check(f, 'text', footer.text, 2_048);
      if (footer.icon_url !== undefined && !isUrl(footer.icon_url)) f.icon_url = badUrl();
      if (Object.keys(f).length > 0) e.footer = f;
    }
    if (embed.fields !== undefined) {
      const fields = Array.isArray(embed.fields) ? (embed.fields as Record<string, unknown>[]) : [];
      if (fields.length > 25) e.fields = maxLength(25);
      const fieldErrors: Record<string, unknown> = {};
      fields.forEach((field, i) => {
        const f: Record<string, unknown> = {};
        if (text(field.name) === '') f.name = required();
        if (text(field.value) === '') f.value = required();
        check(f, 'name', field.name, 256);
        check(f, 'value', field.value, 1_024);
        if (Object.keys(f).length > 0) fieldErrors[i] = f;
      });
      if (Object.keys(fieldErrors).length > 0 && !e.fields) e.fields = fieldErrors;
    }
    if (embed.color !== undefined && !(Number.isInteger(embed.color) && Number(embed.color) >= 0 && Number(embed.color) <= 0xffffff)) {
      e.color = fieldError('NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
    if (Object.keys(e).length > 0) errors[index] = e;
  });
  if (total > 6_000) errors._errors = [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }];
  if (Object.keys(errors).length > 0) throw invalidFormBody({ embeds: errors });
}

/** Action rows of buttons: https://discord.com/developers/docs/components/reference#button */
/** Discord's checks on a string select: a custom id, 1-25 options with unique values, 0-25 min and 1-25 max values. */
function selectErrors(select: Record<string, unknown>): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (typeof select.custom_id !== 'string' || select.custom_id === '') e.custom_id = required();
  else if (select.custom_id.length > 100) e.custom_id = maxLength(100);
  const options = Array.isArray(select.options) ? (select.options as Record<string, unknown>[]) : [];
  if (options.length < 1 || options.length > 25) e.options = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
  else if (new Set(options.map((o) => o.value)).size !== options.length) e.options = fieldError('SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select component option values must be unique');
  const min = select.min_values === undefined ? 1 : Number(select.min_values);
  const max = select.max_values === undefined ? 1 : Number(select.max_values);
  if (!(Number.isInteger(min) && min >= 0 && min <= 25)) e.min_values = fieldError('NUMBER_TYPE_MAX', 'int value should be between 0 and 25.');
  if (!(Number.isInteger(max) && max >= 1 && max <= 25) || max > options.length) e.max_values = fieldError('NUMBER_TYPE_MAX', 'max_values should be between 1 and the number of options.');
  return e;
}

function validateComponents(rows: unknown[]): void {
  const errors: Record<string, unknown> = {};
  if (rows.length > 5) throw invalidFormBody({ components: maxLength(5) });
  rows.forEach((raw, index) => {
    const row = (typeof raw === 'object' && raw !== null ? raw : {}) as { type?: unknown; components?: unknown };
    if (row.type !== 1) {
      errors[index] = { type: fieldError('COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Top-level components must be action rows') };
      return;
    }
    const children = Array.isArray(row.components) ? (row.components as Record<string, unknown>[]) : [];
    if (children.length > 5) {
      errors[index] = { components: fieldError('COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width') };
      return;
    }
    // A string select fills its row alone: https://discord.com/developers/docs/components/reference#string-select
    if (children.some((child) => child.type === 3)) {
      const select = children.length === 1 ? selectErrors(children[0] as Record<string, unknown>) : { components: fieldError('COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width') };
      if (Object.keys(select).length > 0) errors[index] = children.length === 1 ? { components: { 0: select } } : select;
      return;
    }
    const childErrors: Record<string, unknown> = {};
    children.forEach((button, i) => {
      const b: Record<string, unknown> = {};
      const style = Number(button.style);
      if (button.type !== 2) b.type = fieldError('UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2,).');
      if (!(style >= 1 && style <= 5)) b.style = fieldError('BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5).');
      if (typeof button.label === 'string' && button.label.length > 80) b.label = maxLength(80);
      if (style === 5) {
        if (!isUrl(button.url)) b.url = badUrl();
        if (button.custom_id !== undefined) b.custom_id = fieldError('BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be specified for link buttons');
      } else if (typeof button.custom_id !== 'string' || button.custom_id === '') b.custom_id = required();
      else if (button.custom_id.length > 100) b.custom_id = maxLength(100);
      if (Object.keys(b).length > 0) childErrors[i] = b;
    });
    if (Object.keys(childErrors).length > 0) errors[index] = { components: childErrors };
  });
  if (Object.keys(errors).length > 0) throw invalidFormBody({ components: errors });
}
