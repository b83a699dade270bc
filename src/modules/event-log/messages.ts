// Message edits, deletes and bulk deletes. Their content comes from the cache of recent messages,
// filled by MESSAGE_CREATE only in servers that log messages; Discord sends a delete with nothing but
// ids, so a message not in the cache is logged as "not cached" with what Discord did send.
import type { DispatchData } from '../../module-kit/contract.ts';
import { type EntryField, relativeTime, snowflakeTime } from './render.ts';
import { type CachedMessage, type EventLogContext, IGNORED } from './service.ts';
import { isIgnoredChannel, isIgnoredUser } from './settings.ts';

/** Keeps the message for its edit or delete, where the server logs messages. */
export function cacheMessage(ctx: EventLogContext, message: DispatchData<'MESSAGE_CREATE'>): void {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId) return;
  if (!ctx.settings.message_channel_id) {
    // Logging is off here: nothing is kept (what was, from before it went off, goes now).
    if (log.messages.sizeOf(guildId) > 0) log.messages.clearGuild(guildId);
    return;
  }
  if (isIgnoredChannel(ctx.settings, message.channel_id)) return;
  if (isIgnoredUser(ctx.settings, message.author, message.member?.roles, message.webhook_id !== undefined)) {
    log.messages.set(guildId, message.id, IGNORED);
    return;
  }
  log.messages.set(guildId, message.id, {
    channelId: message.channel_id,
    authorId: message.author.id,
    authorName: message.author.username,
    content: message.content,
    attachments: message.attachments.map((a) => a.filename),
  });
}

export function logEdit(ctx: EventLogContext, message: DispatchData<'MESSAGE_UPDATE'>): void {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId || !ctx.settings.message_channel_id || isIgnoredChannel(ctx.settings, message.channel_id)) return;
  const cached = log.messages.get(message.id);
  if (cached === IGNORED) return;
  if (!cached && (message.edited_timestamp === null || isIgnoredUser(ctx.settings, message.author, message.member?.roles, message.webhook_id !== undefined))) return;
  // Discord also sends an update when it adds a link preview: the text is the same, nothing to log.
  if (cached && cached.content === message.content) return;
  log.messages.set(guildId, message.id, { ...(cached ?? cachedOf(message)), content: message.content });
  const jump = `https://discord.com/channels/${guildId}/${message.channel_id}/${message.id}`;
  const before = cached ? cached.content : '*not cached: the message was sent before Concord started, or too long ago*';
  log.record(ctx, {
    kind: 'message_edit',
    user: { id: message.author.id, name: message.author.username },
    channelId: message.channel_id,
    summary: `${message.author.username} edited a message`,
    fields: [
      ...whereAndWho(message.channel_id, message.author.id, message.id),
      { name: 'Before', value: before || '*(no text)*' },
      { name: 'After', value: message.content || '*(no text)*' },
      { name: 'Message', value: `[Jump to the message](${jump})` },
    ],
    details: { message_id: message.id, cached: cached !== undefined, jump_url: jump },
    content: { ...(cached ? { before: cached.content } : {}), after: message.content },
  });
}

export function logDelete(ctx: EventLogContext, data: DispatchData<'MESSAGE_DELETE'>): void {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId || !ctx.settings.message_channel_id || isIgnoredChannel(ctx.settings, data.channel_id)) return;
  const cached = log.messages.delete(data.id);
  if (cached === IGNORED) return;
  const fields = [...whereAndWho(data.channel_id, cached?.authorId ?? null, data.id), { name: 'Message ID', value: data.id, inline: true }];
  if (cached?.attachments.length) fields.push({ name: 'Attachments', value: cached.attachments.join('\n') });
  log.record(ctx, {
    kind: 'message_delete',
    user: cached ? { id: cached.authorId, name: cached.authorName } : null,
    channelId: data.channel_id,
    summary: cached ? `A message by ${cached.authorName} was deleted` : 'A message was deleted (not cached)',
    body: cached ? cached.content || '*(no text)*' : '*Not cached: the message was sent before Concord started, or too long ago. Discord sends only its id.*',
    fields,
    details: { message_id: data.id, cached: cached !== undefined },
    content: cached ? { content: cached.content, attachments: cached.attachments } : {},
  });
}

/** A purge: one entry with the count, and the messages attached as text (never one post each). */
export function logBulkDelete(ctx: EventLogContext, data: DispatchData<'MESSAGE_DELETE_BULK'>): void {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId || !ctx.settings.message_channel_id || isIgnoredChannel(ctx.settings, data.channel_id)) return;
  const found: (CachedMessage & { id: string })[] = [];
  let uncached = 0;
  // Oldest first, as they were posted: a snowflake sorts by time.
  for (const id of [...data.ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))) {
    const cached = log.messages.delete(id);
    if (cached === IGNORED) continue;
    if (cached) found.push({ ...cached, id });
    else uncached++;
  }
  if (found.length === 0 && uncached === 0) return;
  const count = found.length + uncached;
  const lines = found.map((m) => `[${snowflakeTime(m.id).toISOString()}] ${m.authorName} (${m.authorId}): ${m.content}${m.attachments.length ? ` [attachments: ${m.attachments.join(', ')}]` : ''}`);
  if (uncached > 0) lines.push(`${uncached} more not cached (sent before Concord started, or too long ago).`);
  const authors = [...new Set(found.map((m) => m.authorId))];
  log.record(ctx, {
    kind: 'message_bulk_delete',
    channelId: data.channel_id,
    summary: `${count} messages were deleted at once`,
    body: `**${count}** messages deleted in <#${data.channel_id}>${uncached > 0 ? ` (${uncached} not cached)` : ''}. The messages are attached.`,
    fields: [
      { name: 'Channel', value: `<#${data.channel_id}>`, inline: true },
      { name: 'Authors', value: authors.length > 0 ? authors.map((id) => `<@${id}>`).join(' ') : 'unknown (not cached)' },
    ],
    details: { count, cached: found.length, message_ids: data.ids },
    content: { messages: found.map((m) => ({ id: m.id, author_id: m.authorId, content: m.content, attachments: m.attachments })) },
    file: { name: `deleted-messages-${data.channel_id}-${Date.now()}.txt`, text: lines.join('\n') },
  });
}

function whereAndWho(channelId: string, authorId: string | null, messageId: string): EntryField[] {
  return [
    { name: 'Channel', value: `<#${channelId}>`, inline: true },
    { name: 'Author', value: authorId ? `<@${authorId}>` : 'unknown (not cached)', inline: true },
    { name: 'Sent', value: relativeTime(snowflakeTime(messageId)), inline: true },
  ];
}

function cachedOf(message: DispatchData<'MESSAGE_UPDATE'>): CachedMessage {
  return {
    channelId: message.channel_id,
    authorId: message.author.id,
    authorName: message.author.username,
    content: message.content,
    attachments: message.attachments.map((a) => a.filename),
  };
}
