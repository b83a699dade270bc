// /api/guilds/:guild_id/events: the event log's stored entries, newest first, for moderators to look
// things up (the dashboard's Events view reads it too). Entries past the server's retention are left
// out; message text is in `details` only where the server opted in (include_content).
// (src/api/events.ts is the live event stream, hence this file's name.)
import * as v from 'valibot';
import { Snowflake } from '../features/custom-commands/schema.ts';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import { CATEGORIES, type Category, EVENT_LOG_MODULE, KINDS, type Kind, kindsOf, listEntries, type StoredEntry } from '../modules/event-log/index.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { Cursor, decodeCursor, IsoTime, Limit, PageOf, page, TimeIdPosition } from './pagination.ts';
import { type ApiRoute, route } from './route.ts';

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

const GuildOnly = v.object({ guild_id: Snowflake });

export function eventLogRoutes(modules: ModuleRuntime): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/events',
      operationId: 'listEventLogEntries',
      summary: "A guild's event-log entries, newest first (filter by kind or category, user_id, channel_id, since, until)",
      tag: 'event-log',
      params: GuildOnly,
      query: ListQuery,
      responses: { 200: { description: 'a page of entries', schema: PageOf(EntryOut) }, 404: { description: 'the event-log module is off in this guild' } },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params, query }) {
        const module = modules.registry.get(EVENT_LOG_MODULE);
        if (!module || !(await modules.isEnabled(module, params.guild_id))) throw new AppError('not_found', 'MODULE_OFF', 'the event-log module is off in this guild');
        const { sql } = await modules.context(module, params.guild_id);
        if (!sql) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'the event log keeps no entries without a database');
        const [at, id] = query.cursor ? decodeCursor(query.cursor, TimeIdPosition) : [];
        const kind = query.kind;
        const kinds: Kind[] | undefined = kind === undefined ? undefined : (CATEGORIES as readonly string[]).includes(kind) ? kindsOf(kind as Category) : [kind as Kind];
        const rows = await listEntries(sql, {
          guildId: params.guild_id,
          kinds,
          userId: query.user_id,
          channelId: query.channel_id,
          since: query.since === undefined ? undefined : new Date(query.since),
          until: query.until === undefined ? undefined : new Date(query.until),
          before: at !== undefined && id !== undefined ? { occurredAt: new Date(at), id } : undefined,
          limit: query.limit,
        });
        return { body: page(rows.map(present), query.limit, (last) => [last.occurred_at, last.id]) };
      },
    }),
  ];
}

function present(entry: StoredEntry): v.InferOutput<typeof EntryOut> {
  return {
    id: String(entry.id),
    kind: entry.kind,
    category: entry.category,
    occurred_at: entry.occurred_at.toISOString(),
    user_id: entry.user_id,
    channel_id: entry.channel_id,
    moderator_id: entry.moderator_id,
    summary: entry.summary,
    details: entry.details,
  };
}
