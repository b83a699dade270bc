// The logger: pino JSON lines on stdout, pretty-printed when stdout is a terminal.
import pino, { type Logger, stdSerializers } from 'pino';
import pretty from 'pino-pretty';
import { isPostgresError, type PostgresError, queryLabel, redactDatabaseError } from './db/pg-errors.ts';

export type { Logger };

/** Paths whose values are replaced by "[redacted]" wherever they appear in a log line. */
const REDACT = [
  'token',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'config.API_TOKEN',
  'config.DATABASE_URL',
  'config.DISCORD_TOKEN',
];

/** Creates the process logger; `destination` is for tests that read the lines. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined, serializers: { err: serializeError } };
  if (destination) return pino(options, destination);
  // pino-pretty as a stream (not a transport) keeps everything in one thread and one bundle.
  if (process.stdout.isTTY) return pino(options, pretty({ colorize: true, sync: true }));
  // Asynchronous writes: lines logged while one write is under way go out together in the next, so
  // the access log costs one syscall per batch, not per request (a synchronous write was ~16 µs of
  // a ~50 µs request). pino flushes what is left synchronously when the process exits.
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

/**
 * A logger on the same stream and level as `log` without its redaction pass, for lines made only of
 * fields the caller chose (the access log: ids, method, path, route, status, time). Redaction's
 * wildcard paths walk every field of every line, which was a third of the access log's cost.
 */
export function unredactedLogger(log: Logger): Logger {
  const stream = (log as unknown as Record<symbol, NodeJS.WritableStream | undefined>)[pino.symbols.streamSym];
  return stream ? pino({ level: log.level, base: undefined }, stream) : log;
}

/**
 * pino's error serializer, but a database error is logged by query name and SQLSTATE, without its
 * values, and any other error a query met (a connection refused or closed) without the values
 * postgres.js hangs on it: they are user content.
 */
function serializeError(error: unknown) {
  return cleaned(stdSerializers.err(isPostgresError(error) ? redactDatabaseError(error) : (error as Error)));
}

/** What postgres.js adds to an error of a query it sent: the values (user content) and their types. */
const QUERY_VALUES = ['parameters', 'args', 'types'] as const;

/**
 * A serialized error, and the errors in it, typed by their `name` (pino types an error by its class,
 * which the minified bundle renames; errors keep their `name`), with a query's values dropped and
 * its text named instead.
 */
function cleaned<T>(serialized: T): T {
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const fields = serialized as Record<string, unknown>;
  // pino's serialized errors keep the error they came from, unenumerated.
  const raw = (serialized as { raw?: unknown }).raw;
  if (raw instanceof Error) fields.type = raw.name;
  for (const key of QUERY_VALUES) delete fields[key];
  if (typeof fields.query === 'string') {
    fields.query_name = queryLabel({ query: fields.query } as PostgresError);
    delete fields.query;
  }
  for (const value of Object.values(fields)) {
    if (Array.isArray(value)) value.forEach(cleaned);
    else if (typeof value === 'object' && value !== null && typeof (value as { stack?: unknown }).stack === 'string') cleaned(value);
  }
  return serialized;
}
