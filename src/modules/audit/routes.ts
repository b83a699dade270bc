// /api/audit: every change made through any door (API, dashboard, Discord), filterable, and exportable
// as CSV for spreadsheets and archives.
import * as v from 'valibot';
import { type AuditEntry, CHANGE_SOURCES, listAuditEntries } from '../../features/audit/queries.ts';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { Cursor, decodeCursor, IsoTime, Limit, PageOf, page, TimeIdPosition } from '../../platform/http/pagination.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { isoTime } from '../../platform/time/iso.ts';

/** Most rows one CSV export holds; narrow the time range for more. */
const EXPORT_MAX_ROWS = 10_000;

const Word = v.pipe(v.string(), v.regex(/^[a-z_]{1,32}$/, 'must be 1-32 of a-z and _'));

const ListQuery = v.object({
  guild_id: v.optional(v.union([Snowflake, v.literal('global')], 'must be a Discord id or "global"')),
  actor_id: v.optional(Snowflake),
  entity: v.optional(Word),
  entity_id: v.optional(v.pipe(v.string(), v.maxLength(100))),
  action: v.optional(Word),
  since: v.optional(IsoTime),
  until: v.optional(IsoTime),
  format: v.optional(v.picklist(['json', 'csv'], 'must be json or csv'), 'json'),
  limit: Limit,
  cursor: Cursor,
});

export const EntryOut = v.object({
  id: v.string(),
  occurred_at: v.pipe(v.string(), v.isoTimestamp()),
  guild_id: v.nullable(v.string()),
  actor_id: v.nullable(v.string()),
  source: v.picklist(CHANGE_SOURCES),
  entity: v.string(),
  entity_id: v.string(),
  action: v.string(),
  summary: v.string(),
  diff: v.record(v.string(), v.unknown()),
});
const EntryList = PageOf(EntryOut);

const CSV_COLUMNS = ['id', 'occurred_at', 'guild_id', 'actor_id', 'source', 'entity', 'entity_id', 'action', 'summary', 'diff'] as const;

export function auditRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/audit',
      operationId: 'listAuditEntries',
      summary: 'The audit log, newest first; filters guild_id, actor_id, entity, entity_id, action, since, until; format=csv exports',
      tag: 'audit',
      query: ListQuery,
      responses: { 200: { description: 'a page of entries (or, with format=csv, every matching entry up to 10000)', schema: EntryList, text: 'text/csv' } },
      scope: ({ query }) => (query.guild_id === 'global' ? null : query.guild_id),
      async handler(_ctx, { query }) {
        const before = query.cursor ? decodeCursor(query.cursor, TimeIdPosition) : undefined;
        const filter = {
          guildId: query.guild_id,
          actorId: query.actor_id,
          entity: query.entity,
          entityId: query.entity_id,
          action: query.action,
          since: query.since,
          until: query.until,
          before,
        };
        if (query.format === 'csv') {
          const rows = await listAuditEntries(sql, { ...filter, limit: EXPORT_MAX_ROWS });
          return {
            headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit.csv"' },
            body: toCsv(rows),
          };
        }
        const rows = await listAuditEntries(sql, { ...filter, limit: query.limit });
        return { body: page(rows.map(present), query.limit, (last) => [last.occurred_at, last.id]) };
      },
    }),
  ];
}

function present(entry: AuditEntry): v.InferOutput<typeof EntryOut> {
  return { ...entry, occurred_at: isoTime(entry.occurred_at) };
}

/** RFC 4180 CSV; a cell starting with = + - @ gets a leading ' so spreadsheets do not run it as a formula. */
function toCsv(rows: AuditEntry[]): string {
  const cell = (value: unknown) => {
    let text = value === null ? '' : value instanceof Date ? isoTime(value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (/^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => cell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
