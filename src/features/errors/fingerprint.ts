// Groups errors: the same bug thrown from the same place gets the same fingerprint, whatever the
// message says (ids, names) and wherever the code is installed.
import { createHash } from 'node:crypto';
import { isPostgresError, queryLabel } from '../../platform/db/pg-errors.ts';

const FRAMES = 5;

/** sha1 of the error type and its top stack frames with line numbers, columns and paths removed. */
export function fingerprintError(error: unknown): string {
  return createHash('sha1').update(fingerprintSource(error)).digest('hex').slice(0, 16);
}

/** What the fingerprint hashes, exported for tests. */
export function fingerprintSource(error: unknown): string {
  const type = errorType(error);
  // Every database error's top frames are postgres.js's own, the same for all: group them by what
  // went wrong (SQLSTATE) in which query instead.
  if (isPostgresError(error)) return [type, error.code, queryLabel(error)].join('\n');
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, FRAMES)
    .map(normaliseFrame);
  return [type, ...frames].join('\n');
}

export function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return typeof error;
}

/** `at run (file:///app/src/x.ts:12:5)` → `at run (src/x.ts)`: code moves between deploys, bugs do not. */
function normaliseFrame(line: string): string {
  return line
    .trim()
    .replace(/:\d+:\d+(\)?)$/, '$1')
    .replace(/file:\/\/|\\/g, '')
    .replace(/\S*\/(node_modules|src|dist|test)\//, '$1/')
    .replace(/\?[^)\s]*/, '');
}
