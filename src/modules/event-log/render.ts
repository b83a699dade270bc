// One entry as Discord shows it (an embed in the kind's style, within Discord's limits) and as plain
// text (the file a combined post or a cut entry carries). Text that does not fit is cut with a note
// saying how much, and the whole of it is attached.
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { isoTime } from '../../platform/time/iso.ts';
import { KIND_INFO, type Kind } from './kinds.ts';

export const EMBED_LIMITS = {
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  authorName: 256,
  footer: 2_048,
  /** All the embeds of one message together. */
  total: 6_000,
  embedsPerMessage: 10,
} as const;

export interface UserRef {
  id: string;
  name: string;
}

export interface EntryField {
  name: string;
  value: string;
  inline?: boolean;
}

/** What a handler says happened; the log turns it into an embed, a text and a stored row. */
export interface EntryInput {
  kind: Kind;
  /** Whom it is about. */
  user?: UserRef | null;
  /** Where it happened. */
  channelId?: string | null;
  /** Who did it and why, from the audit log. */
  moderator?: { id: string; reason: string | null } | null;
  /** One line without message text: the stored summary. */
  summary: string;
  /** The embed's text (message content goes here). */
  body?: string;
  fields?: EntryField[];
  /** Stored with the entry. */
  details?: Record<string, unknown>;
  /** Stored only where the server opted in to keeping content. */
  content?: Record<string, unknown>;
  /** Attached to the post (a bulk delete's messages). */
  file?: { name: string; text: string };
  occurredAt?: Date;
}

export interface RenderedEntry {
  embed: APIEmbed;
  /** The whole entry as text, nothing cut. */
  text: string;
  files: { name: string; text: string }[];
}

/** `<t:…:R>`: Discord shows "3 minutes ago" in each reader's own time zone. */
export function relativeTime(at: Date | number | string): string {
  return `<t:${Math.floor(new Date(at).getTime() / 1_000)}:R>`;
}

/** The time Discord encodes in a snowflake. https://discord.com/developers/docs/reference#snowflakes */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + 1_420_070_400_000n));
}

/** `text` within `max` characters, ending in a note of how much was cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (n: number) => `… (${n} more characters)`;
  const keep = max - note(text.length).length;
  return `${text.slice(0, keep)}${note(text.length - keep)}`;
}

export function renderEntry(input: EntryInput, occurredAt: Date): RenderedEntry {
  const info = KIND_INFO[input.kind];
  const fields = [...(input.fields ?? [])];
  if (input.moderator) {
    fields.push({ name: 'By', value: `<@${input.moderator.id}>`, inline: true });
    if (input.moderator.reason) fields.push({ name: 'Reason', value: input.moderator.reason });
  }
  let wasCut = false;
  const fit = (text: string, max: number) => {
    const fitted = cut(text, max);
    if (fitted !== text) wasCut = true;
    return fitted;
  };
  const embedFields: APIEmbedField[] = fields.slice(0, EMBED_LIMITS.fields).map((f) => ({
    name: fit(f.name, EMBED_LIMITS.fieldName),
    value: fit(f.value === '' ? '—' : f.value, EMBED_LIMITS.fieldValue),
    ...(f.inline ? { inline: true } : {}),
  }));
  if (fields.length > EMBED_LIMITS.fields) wasCut = true;
  const title = info.title;
  const author = input.user ? { name: fit(`${input.user.name} (${input.user.id})`, EMBED_LIMITS.authorName) } : undefined;
  const used = title.length + (author?.name.length ?? 0) + embedFields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const description = input.body ? fit(input.body, Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - used)) : undefined;
  const embed: APIEmbed = {
    title,
    color: info.colour,
    ...(author ? { author } : {}),
    ...(description ? { description } : {}),
    ...(embedFields.length > 0 ? { fields: embedFields } : {}),
    timestamp: isoTime(occurredAt),
  };
  const text = entryText(input, fields, occurredAt);
  const files = [...(input.file ? [input.file] : []), ...(wasCut ? [{ name: `${input.kind.replaceAll('_', '-')}-${occurredAt.getTime()}.txt`, text }] : [])];
  return { embed, text, files };
}

/** Characters an embed counts towards a message's 6,000. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function entryText(input: EntryInput, fields: EntryField[], occurredAt: Date): string {
  const lines = [`[${isoTime(occurredAt)}] ${KIND_INFO[input.kind].title}${input.user ? ` — ${input.user.name} (${input.user.id})` : ''}`];
  for (const field of fields) lines.push(`${field.name}: ${field.value}`);
  if (input.body) lines.push(input.body);
  if (input.file) lines.push(input.file.text);
  return lines.join('\n');
}
