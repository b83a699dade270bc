// /api/errors: unexpected errors grouped by fingerprint, with their stacks (global admins only: a
// stack can show any guild's data), marking a group resolved, and ingest from split bots.
import * as v from 'valibot';
import { ERROR_SOURCES, ERROR_STATUSES, type ErrorGroup, listErrors, recordError, resolveError } from '../../features/errors/queries.ts';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { Cursor, decodeCursor, IdParams, Limit, PageOf, page, TimeIdPosition } from '../../platform/http/pagination.ts';
import { JsonObject } from '../../platform/http/schemas.ts';
import { isoTime } from '../../platform/time/iso.ts';

const ListQuery = v.object({ status: v.optional(v.picklist(ERROR_STATUSES)), limit: Limit, cursor: Cursor });

const Occurrence = v.strictObject({
  fingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, 'must be a fingerprint')),
  source: v.picklist(ERROR_SOURCES),
  error_type: v.pipe(v.string(), v.maxLength(200)),
  message: v.pipe(v.string(), v.maxLength(2_000)),
  stack: v.pipe(v.string(), v.maxLength(16_000)),
  error_id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  context: JsonObject(),
});

export const ErrorGroupOut = v.object({
  ...v.omit(Occurrence, ['error_id']).entries,
  id: v.string(),
  count: v.string(),
  first_seen_at: v.string(),
  last_seen_at: v.string(),
  last_error_id: v.string(),
  status: v.picklist(ERROR_STATUSES),
  resolved_at: v.nullable(v.string()),
});

export function errorRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/errors',
      operationId: 'listErrorGroups',
      summary: 'Error groups, most recently seen first, with their stacks (global admins)',
      tag: 'errors',
      globalAdminOnly: 'read error reports',
      query: ListQuery,
      responses: { 200: { description: 'a page of error groups', schema: PageOf(ErrorGroupOut) } },
      async handler(_ctx, { query }) {
        const [lastSeenAt, id] = query.cursor ? decodeCursor(query.cursor, TimeIdPosition) : [];
        const rows = await listErrors(sql, {
          status: query.status,
          before: lastSeenAt && id ? { lastSeenAt: new Date(lastSeenAt), id } : undefined,
          limit: query.limit,
        });
        return { body: page(rows.map(present), query.limit, (last) => [last.last_seen_at, last.id]) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/errors/:id/resolve',
      operationId: 'resolveErrorGroup',
      summary: 'Marks an error group resolved; it reopens if the error happens again (global admins)',
      tag: 'errors',
      globalAdminOnly: 'resolve errors',
      params: IdParams,
      responses: { 200: { description: 'the group', schema: ErrorGroupOut }, 404: { description: 'no such group' } },
      async handler(_ctx, { params: { id } }) {
        const group = await resolveError(sql, id);
        if (!group) throw new AppError('not_found', 'ERROR_GROUP_NOT_FOUND', `no error group with id ${id}`);
        return { body: present(group) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/errors',
      operationId: 'recordError',
      summary: 'Records one occurrence from a split bot (global admins)',
      tag: 'errors',
      globalAdminOnly: 'record errors',
      body: Occurrence,
      responses: { 200: { description: 'the group and its count', schema: v.object({ id: v.string(), count: v.string() }) } },
      async handler(_ctx, { body }) {
        return { body: await recordError(sql, body) };
      },
    }),
  ];
}

function present(group: ErrorGroup): v.InferOutput<typeof ErrorGroupOut> {
  return {
    ...group,
    first_seen_at: isoTime(group.first_seen_at),
    last_seen_at: isoTime(group.last_seen_at),
    resolved_at: group.resolved_at ? isoTime(group.resolved_at) : null,
  };
}
