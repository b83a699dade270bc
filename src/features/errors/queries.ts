// Typed wrappers over errors.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { many, one } from '../../platform/db/query.ts';
import text from './errors.sql';

const q = namedQueries(text, ['recordError', 'listErrors', 'resolveError', 'deleteUserFromErrors']);

export const ERROR_SOURCES = ['command', 'http', 'job', 'module'] as const;
export const ERROR_STATUSES = ['open', 'resolved'] as const;

/** One occurrence of an unexpected error, as the tracker records it. */
export interface ErrorOccurrence {
  fingerprint: string;
  source: (typeof ERROR_SOURCES)[number];
  error_type: string;
  message: string;
  stack: string;
  error_id: string;
  context: Record<string, unknown>;
}

export interface ErrorGroup {
  id: string;
  fingerprint: string;
  source: ErrorOccurrence['source'];
  error_type: string;
  message: string;
  stack: string;
  count: string;
  first_seen_at: Date;
  last_seen_at: Date;
  last_error_id: string;
  context: Record<string, unknown>;
  status: (typeof ERROR_STATUSES)[number];
  resolved_at: Date | null;
}

export async function recordError(sql: Sql, e: ErrorOccurrence): Promise<{ id: string; count: string }> {
  return (await one<{ id: string; count: string }>(sql, q.recordError, [
    e.fingerprint,
    e.source,
    e.error_type,
    e.message,
    e.stack,
    e.error_id,
    e.context,
  ])) as { id: string; count: string };
}

export function listErrors(
  sql: Sql,
  filter: { status?: string | undefined; before?: { lastSeenAt: Date; id: string } | undefined; limit: number },
): Promise<ErrorGroup[]> {
  return many(sql, q.listErrors, [filter.status ?? null, filter.before?.lastSeenAt ?? null, filter.before?.id ?? null, filter.limit]);
}

export async function resolveError(sql: Sql, id: string): Promise<ErrorGroup | undefined> {
  return one<ErrorGroup>(sql, q.resolveError, [id]);
}

/** Takes the user's id out of the groups' latest contexts; returns how many groups named them. */
export async function deleteUserFromErrors(sql: Sql, userId: string): Promise<number> {
  return (await one<{ deleted: number }>(sql, q.deleteUserFromErrors, [userId]))?.deleted ?? 0;
}
