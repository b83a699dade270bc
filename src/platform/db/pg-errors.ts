// PostgreSQL errors as the layers above see them: which ones the client caused, as AppErrors (the one
// place that decides; each edge renders the result), and what of one may be logged. postgres.js hangs the
// query's text and its parameter values on every error; the values are user content, so logs and
// error reports get the query's name and the SQLSTATE instead.
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { AppError } from '../errors/app-error.ts';
import { keepClassName } from '../errors/class-names.ts';
import { queryNameOf } from './named-queries.ts';

// postgres.js names each error after its class (`this.name = this.constructor.name`), and
// isPostgresError reads that name.
keepClassName(postgres.PostgresError, 'PostgresError');

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

/** The failing query's name from a *.sql file, or `sql:<hash>` for inline SQL (its text, never its values). */
export function queryLabel(error: PostgresError): string {
  if (error.query_name) return error.query_name;
  if (typeof error.query !== 'string') return 'unknown';
  return queryNameOf(error.query) ?? `sql:${createHash('sha1').update(error.query).digest('hex').slice(0, 8)}`;
}

/**
 * A database error as an AppError: a refusal caused by what the client sent (a value it cannot
 * store, a duplicate, a wrong id), or a database that is not there now.
 */
export class DatabaseFault extends AppError {
  override name = 'DatabaseFault';
  /** The column PostgreSQL named, when it named one. */
  readonly field: string | undefined;
  /** The SQLSTATE, or the driver's code for a connection that failed (ECONNREFUSED). */
  readonly sqlstate: string;
  /** The query's name (see queryLabel), never its text; `unknown` for a connection that failed. */
  readonly query: string;

  constructor(kind: 'invalid' | 'conflict' | 'unavailable', code: string, message: string, cause: Error & { code: string }) {
    const pg = isPostgresError(cause) ? cause : undefined;
    const field = pg && (pg.column_name ?? /^Key \(([\w, ]+)\)/.exec(pg.detail ?? '')?.[1]);
    // An invalid value names its column where PostgreSQL did; the edge says where it was otherwise.
    const named = kind === 'invalid' && field !== undefined;
    super(kind, code, named ? `${field}: ${message}` : message, {
      cause,
      ...(named ? { fields: [{ field, message }] } : {}),
      ...(kind === 'unavailable' ? { retryAfterSeconds: 5 } : {}),
    });
    this.field = field;
    this.sqlstate = cause.code;
    this.query = pg ? queryLabel(pg) : 'unknown';
  }
}

/**
 * The client's share of a database error as an AppError, or undefined when it is ours (a bug, or an
 * outage: see databaseOutage). Class 22 (data exception: bad text for a type, out of range, NUL, bad
 * Unicode), check and not-null violations and a foreign key to a missing row are invalid input; a
 * unique violation is a conflict. The query helpers (query.ts) throw what this returns.
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
 * A database that is not there (now) as the AppError an edge answers with (503, try again), or
 * undefined. Not classified in the query helpers: any statement meets it (a BEGIN, a pooled connect,
 * LISTEN), and unlike the client's mistakes it is still reported, so it travels as the error it is.
 */
export function databaseOutage(error: unknown): DatabaseFault | undefined {
  return isConnectionError(error) ? new DatabaseFault('unavailable', 'DATABASE_UNAVAILABLE', 'the database is not reachable; try again shortly', error) : undefined;
}

/** Errors that mean "the server is not there (now)", not "the query is wrong". */
export function isConnectionError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof Error &&
    typeof code === 'string' &&
    (/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOENT)$/.test(code) ||
      /^CONNECT(ION)?_/.test(code) ||
      // Class 57: operator intervention (shutdown, cannot connect now); 08: connection exception.
      /^(57P0[1-3]|08\d\d\d)$/.test(code))
  );
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
