// /api/logs: read the command log (keyset pages, newest first) and ingest batches from split bots.
import * as v from 'valibot';
import { type CommandLog, insertLogs, LOG_SOURCES, LOG_STATUSES, listLogs } from '../../features/logs/queries.ts';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { Cursor, decodeCursor, Integer, IsoTime, Limit, PageOf, page, RowId, TimeIdPosition } from '../../platform/http/pagination.ts';
import { JsonObject, Snowflake } from '../../platform/http/schemas.ts';
import { ROW_ID } from '../../platform/ids.ts';
import { isoTime } from '../../platform/time/iso.ts';

const ListQuery = v.object({
  guild_id: v.optional(Snowflake),
  user_id: v.optional(Snowflake),
  command: v.optional(v.pipe(v.string(), v.maxLength(100))),
  status: v.optional(v.picklist(LOG_STATUSES, `must be one of ${LOG_STATUSES.join(', ')}`)),
  since: v.optional(IsoTime),
  until: v.optional(IsoTime),
  after_id: v.optional(v.pipe(v.string(), v.regex(ROW_ID, 'must be a log id'))),
  limit: Limit,
  cursor: Cursor,
});

/** A log row's metadata; `custom_command_id` links it to a command's use count and stats. */
function LogMetadata() {
  return v.pipe(JsonObject(), v.looseObject({ custom_command_id: v.optional(RowId) }));
}

/** A row a split bot sends: every id is Discord's (rows of the console, which has none, are written in-process). */
export const LogEntrySchema = v.strictObject({
  occurred_at: IsoTime,
  guild_id: v.nullable(Snowflake),
  channel_id: v.nullable(Snowflake),
  user_id: Snowflake,
  user_name: v.pipe(v.string(), v.maxLength(100)),
  command: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  args: v.pipe(v.string(), v.maxLength(4_000)),
  source: v.picklist(LOG_SOURCES),
  status: v.picklist(LOG_STATUSES),
  // An integer column: 2^31 ms is 24 days, past any command.
  latency_ms: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647, 'must be below 2^31')),
  error: v.nullable(v.pipe(v.string(), v.maxLength(4_000))),
  event_id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  metadata: v.optional(LogMetadata(), {}),
});

const IngestBody = v.strictObject({
  items: v.pipe(v.array(LogEntrySchema), v.minLength(1, 'send at least one row'), v.maxLength(1_000, 'at most 1000 rows a batch')),
});

/** An id as stored: Discord's, or `console` for the console's rows. */
const StoredId = v.pipe(v.string(), v.maxLength(32));

export const LogOut = v.object({
  ...v.omit(LogEntrySchema, ['metadata', 'guild_id', 'channel_id', 'user_id']).entries,
  guild_id: v.nullable(StoredId),
  channel_id: v.nullable(StoredId),
  user_id: StoredId,
  id: v.string(),
  metadata: v.record(v.string(), v.unknown()),
});

export function logRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/logs',
      operationId: 'listLogs',
      summary: 'Command uses, newest first, with filters and keyset pagination; after_id returns only rows stored since',
      tag: 'logs',
      query: ListQuery,
      responses: { 200: { description: 'a page of log rows', schema: PageOf(LogOut) } },
      scope: ({ query }) => query.guild_id,
      async handler(_ctx, { query }) {
        const [occurredAt, id] = query.cursor ? decodeCursor(query.cursor, TimeIdPosition) : [];
        const rows = await listLogs(sql, {
          guildId: query.guild_id,
          userId: query.user_id,
          command: query.command,
          status: query.status,
          since: query.since ? new Date(query.since) : undefined,
          until: query.until ? new Date(query.until) : undefined,
          before: occurredAt && id ? { occurredAt: new Date(occurredAt), id } : undefined,
          afterId: query.after_id,
          limit: query.limit,
        });
        return { body: page(rows.map(present), query.limit, (last) => [last.occurred_at, last.id]) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/logs',
      operationId: 'ingestLogs',
      summary: 'Ingest a batch of command uses; rows whose event_id is already stored are skipped',
      tag: 'logs',
      globalAdminOnly: 'ingest command logs',
      body: IngestBody,
      responses: {
        200: { description: 'how many rows were new', schema: v.object({ received: Integer, inserted: Integer }) },
      },
      async handler(_ctx, { body: { items } }) {
        const inserted = await insertLogs(sql, items);
        return { body: { received: items.length, inserted } };
      },
    }),
  ];
}

function present(log: CommandLog): v.InferOutput<typeof LogOut> {
  return { ...log, occurred_at: isoTime(log.occurred_at) };
}
