// Query fields shared by list endpoints, and opaque cursors for keyset pagination.
import * as v from 'valibot';
import { HttpError } from '../http/problem.ts';

export const Limit = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(1, 'must be at least 1'),
    v.maxValue(200, 'must be at most 200'),
  ),
  '50',
);

export const Cursor = v.optional(v.pipe(v.string(), v.regex(/^[\w-]{1,200}$/, 'is not a cursor from this API')));

/** Encodes the position after the last row of a page. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; 400 when it was not. */
export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === arity && position.every((p) => typeof p === 'string')) {
      return position;
    }
  } catch {
    // Falls through to the 400 below: a hand-made cursor is a client error, not ours.
  }
  throw new HttpError(400, 'INVALID_QUERY', 'query.cursor: is not a cursor from this API', {
    errors: [{ field: 'query.cursor', message: 'is not a cursor from this API' }],
  });
}

/** The `{ items, next_cursor }` shape of every list; a full page means there may be more. */
export function page<T>(items: T[], limit: number, cursorOf: (last: T) => string[]) {
  const last = items.at(-1);
  return { items, next_cursor: items.length === limit && last ? encodeCursor(cursorOf(last)) : null };
}
