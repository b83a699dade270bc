// PostgreSQL errors as the layers above see them: which ones the client caused (the one place that
// decides; the HTTP edge renders the result), and what of one may be logged. postgres.js hangs the
// query's text and its parameter values on every error; the values are user content, so logs and
// error reports get the query's name and the SQLSTATE instead.
import { createHash } from 'node:crypto';
import { queryNameOf } from './named-queries.ts';

/** The fields of a postgres.js `PostgresError` this module reads. */
interface PostgresErrorFields {
  code: string;
  query?: unknown;
  column_name?: string;
  constraint_name?: string;
  table_name?: string;
  detail?: string;
  routine?: string;
  /** Set on a redacted copy: the query's name, in place of its text. */
  query_name?: string;
}

export type PostgresError = Error & PostgresErrorFields;

/** True for an error PostgreSQL sent (it has a five-character SQLSTATE), or a redacted copy of one. */
export function isPostgresError(error: unknown): error is PostgresError {
  return error instanceof Error && error.name === 'PostgresError' && /^[0-9A-Z]{5}$/.test(String((error as { code?: unknown }).code));
}

/** The failing query's name from sql/*.sql, or `sql:<hash>` for inline SQL (its text, never its values). */
export function queryLabel(error: PostgresError): string {
  if (error.query_name) return error.query_name;
  if (typeof error.query !== 'string') return 'unknown';
  return queryNameOf(error.query) ?? `sql:${createHash('sha1').update(error.query).digest('hex').slice(0, 8)}`;
}

export type DatabaseFaultKind = 'invalid' | 'conflict';

/** A database refusal caused by what the client sent: a value it cannot store, a duplicate, a wrong id. */
export class DatabaseFault extends Error {
  override name = 'DatabaseFault';
  readonly kind: DatabaseFaultKind;
  /** Stable, for clients: INVALID_VALUE, CHECK_FAILED, REFERENCE_NOT_FOUND, CONFLICT. */
  readonly code: string;
  /** The column PostgreSQL named, when it named one. */
  readonly field: string | undefined;
  readonly sqlstate: string;
  readonly query: string;

  constructor(kind: DatabaseFaultKind, code: string, message: string, cause: PostgresError) {
    super(message, { cause });
    this.kind = kind;
    this.code = code;
    this.field = cause.column_name ?? /^Key \(([\w, ]+)\)/.exec(cause.detail ?? '')?.[1];
    this.sqlstate = cause.code;
    this.query = queryLabel(cause);
  }
}

/**
 * The client's share of a database error, or undefined when it is ours (a bug, an outage). Class 22
 * (data exception: bad text for a type, out of range, NUL, bad Unicode), check and not-null
 * violations and a foreign key to a missing row are invalid input; a unique violation is a conflict.
 */
export function classifyDatabaseError(error: unknown): DatabaseFault | undefined {
  if (!isPostgresError(error)) return undefined;
  const { code } = error;
  if (code.startsWith('22')) return new DatabaseFault('invalid', 'INVALID_VALUE', `a value cannot be stored: ${error.message}`, error);
  switch (code) {
    case '23505':
      return new DatabaseFault('conflict', 'CONFLICT', 'that would duplicate an existing record', error);
    case '23503':
      return /still referenced/.test(error.detail ?? '')
        ? new DatabaseFault('conflict', 'STILL_REFERENCED', 'other records still refer to this one', error)
        : new DatabaseFault('invalid', 'REFERENCE_NOT_FOUND', 'refers to a record that does not exist', error);
    case '23514':
      return new DatabaseFault('invalid', 'CHECK_FAILED', `a value breaks the rule ${error.constraint_name ?? '(unnamed)'}`, error);
    case '23502':
      return new DatabaseFault('invalid', 'VALUE_REQUIRED', `${error.column_name ?? 'a field'} must be set`, error);
    default:
      return undefined;
  }
}

/**
 * A copy of a PostgreSQL error that is safe to log and to record: its SQLSTATE, query name and
 * schema names, the stack frames of the caller, and no query text, parameters or detail (class 22
 * messages quote the offending value; those quotes are emptied).
 */
export function redactDatabaseError(error: PostgresError): PostgresError {
  const message = error.code.startsWith('22') ? error.message.replace(/"[^"]*"/g, '"…"') : error.message;
  const safe = new Error(message) as PostgresError;
  safe.name = 'PostgresError';
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  safe.stack = [`PostgresError: ${message}`, ...frames].join('\n');
  safe.code = error.code;
  safe.query_name = queryLabel(error);
  for (const key of ['constraint_name', 'table_name', 'column_name', 'routine'] as const) {
    if (error[key] !== undefined) safe[key] = error[key];
  }
  return safe;
}
