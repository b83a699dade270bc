// /api/guilds/:guild_id/events: the event log's stored entries, newest first, for moderators to look
// things up (the dashboard's Events view reads it too). Entries past the server's retention are left
// out; message text is in `details` only where the server opted in (include_content).
// /events/faults: the log channels that refuse the bot's posts, so that the dashboard can say so.
import * as v from 'valibot';
import { defineRoute, type ModuleRoute } from '../../module-kit/contract.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { Cursor, decodeCursor, IsoTime, Limit, PageOf, page, TimeIdPosition } from '../../platform/http/pagination.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { isoTime } from '../../platform/time/iso.ts';
import { CATEGORIES, type Category, KINDS, type Kind, kindsOf } from './kinds.ts';
import { listChannelFaults, listEntries, type StoredEntry } from './queries.ts';
import { type EventLogSettings, settingsNaming } from './settings.ts';

const KIND_OR_CATEGORY = [...KINDS, ...CATEGORIES] as const;

export const EntryOut = v.object({
  id: v.string(),
  kind: v.picklist(KINDS),
  category: v.picklist(CATEGORIES),
  occurred_at: v.pipe(v.string(), v.isoTimestamp()),
  user_id: v.nullable(v.string()),
  channel_id: v.nullable(v.string()),
  moderator_id: v.nullable(v.string()),
  summary: v.string(),
  details: v.record(v.string(), v.unknown()),
});

export const ChannelFaultOut = v.object({
  channel_id: v.string(),
  /** The settings that name the channel (`message_channel_id`…). */
  settings: v.array(v.string()),
  /** Discord's answer to the last post: its HTTP status, error code and message. */
  status: v.number(),
  code: v.string(),
  reason: v.string(),
  failed_at: v.pipe(v.string(), v.isoTimestamp()),
});

const ListQuery = v.object({
  /** A kind (`member_ban`) or a whole category (`member`). */
  kind: v.optional(v.picklist(KIND_OR_CATEGORY, `must be a kind or a category: ${KIND_OR_CATEGORY.join(', ')}`)),
  /** The user an entry is about, or the moderator who acted. */
  user_id: v.optional(Snowflake),
  channel_id: v.optional(Snowflake),
  since: v.optional(IsoTime),
  until: v.optional(IsoTime),
  limit: Limit,
  cursor: Cursor,
});

export const eventLogRoutes: ModuleRoute[] = [
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/events',
    operationId: 'listEventLogEntries',
    summary: "A guild's event-log entries, newest first (filter by kind or category, user_id, channel_id, since, until)",
    query: ListQuery,
    responses: { 200: { description: 'a page of entries', schema: PageOf(EntryOut) } },
    async handler(ctx) {
      const { query, sql } = ctx;
      if (!sql) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'the event log keeps no entries without a database');
      const [at, id] = query.cursor ? decodeCursor(query.cursor, TimeIdPosition) : [];
      const kind = query.kind;
      const kinds: Kind[] | undefined = kind === undefined ? undefined : (CATEGORIES as readonly string[]).includes(kind) ? kindsOf(kind as Category) : [kind as Kind];
      const rows = await listEntries(sql, {
        guildId: ctx.guild.id,
        kinds,
        userId: query.user_id,
        channelId: query.channel_id,
        since: query.since === undefined ? undefined : new Date(query.since),
        until: query.until === undefined ? undefined : new Date(query.until),
        before: at !== undefined && id !== undefined ? { occurredAt: new Date(at), id } : undefined,
        limit: query.limit,
      });
      return page(rows.map(present), query.limit, (last) => [last.occurred_at, last.id]);
    },
  }),
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/events/faults',
    operationId: 'listEventLogChannelFaults',
    summary: "The guild's log channels that refuse the bot's posts (deleted, or a permission taken away), with Discord's reason; retried every 15 minutes",
    responses: { 200: { description: 'the failing log channels', schema: v.object({ items: v.array(ChannelFaultOut) }) } },
    async handler(ctx) {
      if (!ctx.sql) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'the event log keeps no faults without a database');
      const settings = ctx.settings as unknown as EventLogSettings;
      const faults = await listChannelFaults(ctx.sql, ctx.guild.id);
      // A channel no longer chosen for any category is no longer the admin's concern.
      const items = faults
        .map((fault) => ({ fault, named: settingsNaming(settings, fault.channel_id) }))
        .filter(({ named }) => named.length > 0)
        .map(({ fault, named }) => ({ channel_id: fault.channel_id, settings: named, status: fault.status, code: fault.code, reason: fault.reason, failed_at: isoTime(fault.failed_at) }));
      return { items };
    },
  }),
];

function present(entry: StoredEntry): v.InferOutput<typeof EntryOut> {
  return {
    id: String(entry.id),
    kind: entry.kind,
    category: entry.category,
    occurred_at: isoTime(entry.occurred_at),
    user_id: entry.user_id,
    channel_id: entry.channel_id,
    moderator_id: entry.moderator_id,
    summary: entry.summary,
    details: entry.details,
  };
}
