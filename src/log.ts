// The logger: pino JSON lines on stdout, pretty-printed when stdout is a terminal.
import pino, { type Logger, stdSerializers } from 'pino';
import pretty from 'pino-pretty';
import { isPostgresError, redactDatabaseError } from './db/pg-errors.ts';

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
  return pino(options);
}

/** pino's error serializer, but a database error is logged by query name and SQLSTATE, without its values. */
function serializeError(error: unknown) {
  return stdSerializers.err((isPostgresError(error) ? redactDatabaseError(error) : error) as Error);
}
