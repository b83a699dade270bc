// Query and path fields shared by the routes, and opaque cursors for keyset pagination.
import * as v from 'valibot';
import { ROW_ID } from '../ids.ts';
import { HttpError } from './problem.ts';
import { JSON_CONTENT_TYPE, type Reply } from './router.ts';
import { Snowflake } from './schemas.ts';

/**
 * A whole-number query parameter in `min`..`max`, `fallback` when absent. Its wire form is a decimal
 * string; the document shows it as the integer it stands for, with its bounds.
 */
export function wholeNumber(range: { min: number; max: number; fallback: number }): v.GenericSchema<string | undefined, number>;
export function wholeNumber(range: { min: number; max: number }): v.GenericSchema<string | undefined, number | undefined>;
export function wholeNumber({ min, max, fallback }: { min: number; max: number; fallback?: number }): v.GenericSchema<string | undefined, number | undefined> {
  // Documented here: the conversion stops at the transform, so it sees the string and this.
  const described = v.metadata<string, Record<string, unknown>>({
    type: 'integer',
    minimum: min,
    maximum: max,
    ...(fallback === undefined ? {} : { default: fallback }),
  });
  const parse = v.pipe(
    v.string(),
    // Digits only: Number() would take "", " 5", "1e2" and "0x10".
    v.transform((text) => (/^\d{1,15}$/.test(text) ? Number(text) : Number.NaN)),
    // Rejects the NaN, and stops the pipe so one bad value gets one message.
    v.number('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
  return fallback === undefined ? v.optional(v.pipe(v.string(), described, parse)) : v.pipe(v.optional(v.string(), String(fallback)), described, parse);
}

export { Integer } from './schemas.ts';

export const Limit = wholeNumber({ min: 1, max: 200, fallback: 50 });

export const Cursor = v.optional(v.pipe(v.string(), v.regex(/^[\w-]{1,200}$/, 'is not a cursor from this API')));

// PostgreSQL has no year 0 and JavaScript rolls 2026-02-30 over into March: a time must be a real
// moment in a range both agree on.
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** An ISO 8601 time with a zone, of a real calendar day, 1970-9999. */
export const IsoTime = v.pipe(
  v.string(),
  v.isoTimestamp('must be an ISO 8601 time with a zone, e.g. 2026-01-31T12:00:00Z'),
  onlyIfWellFormed((s) => (isRealDay(s) ? undefined : 'is not a day of the calendar')),
  onlyIfWellFormed((s) => (Date.parse(s) >= EARLIEST && Date.parse(s) <= LATEST ? undefined : 'must be between 1970 and 9999')),
);

/** A `YYYY-MM-DD` day of the calendar (not 2026-02-30), 1970-9999. */
export const IsoDay = v.pipe(
  v.string(),
  v.isoDate('must be a date, YYYY-MM-DD'),
  onlyIfWellFormed((s) => (isRealDay(s) ? undefined : 'is not a day of the calendar')),
  onlyIfWellFormed((s) => (s >= '1970-01-01' ? undefined : 'must be between 1970 and 9999')),
);

/** A bigint row id as a decimal string. */
export const RowId = v.pipe(v.string(), v.regex(ROW_ID, 'must be a row id'));

/** The path of a thing found by its row id, `/api/commands/:id`. */
export const IdParams = v.object({ id: RowId });

/** The path of a user's routes, `/api/stats/users/:user_id`. */
export const UserParams = v.object({ user_id: Snowflake });

/** The path of a guild's routes, `/api/guilds/:guild_id/…`. */
export const GuildParams = v.object({ guild_id: Snowflake });

/** What a cursor holds: the id of the last row… */
export const IdPosition = v.tuple([RowId]);
/** …or the sort time and id of the last row. */
export const TimeIdPosition = v.tuple([IsoTime, RowId]);

/** Encodes the position after the last row of a page. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` into the position `shape` says it holds; 400 naming
 * `query.cursor` when it does not (a hand-made cursor is a client error, not ours).
 */
export function decodeCursor<S extends v.GenericSchema>(cursor: string, shape: S): v.InferOutput<S> {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const parsed = v.safeParse(shape, position);
  if (parsed.success) return parsed.output;
  throw new HttpError(400, 'INVALID_QUERY', 'query.cursor: is not a cursor from this API', {
    errors: [{ field: 'query.cursor', message: 'is not a cursor from this API' }],
  });
}

/** The schema of a list answered in pages of `item`s. */
export function PageOf<S extends v.GenericSchema>(item: S) {
  return v.object({ items: v.array(item), next_cursor: v.nullable(v.string()) });
}

/** The `{ items, next_cursor }` shape of every list, for items of type `T`. */
export type Page<T> = v.InferOutput<ReturnType<typeof PageOf<v.GenericSchema<T>>>>;

/** The `{ items, next_cursor }` shape of every list; a full page means there may be more. */
export function page<T>(items: T[], limit: number, cursorOf: (last: T) => string[]): Page<T> {
  return { items, next_cursor: nextCursor(items, limit, cursorOf) };
}

/**
 * `page` of rows that `json` writes as JSON text themselves (rows holding JSON from the database, sent
 * as it came): the reply's body is the page's text, in the same shape.
 */
export function jsonPage<T>(rows: T[], json: (row: T) => string, limit: number, cursorOf: (last: T) => string[]): Reply {
  let items = '';
  for (let i = 0; i < rows.length; i++) items += i === 0 ? json(rows[i] as T) : `,${json(rows[i] as T)}`;
  const cursor = nextCursor(rows, limit, cursorOf);
  // A cursor is base64url: nothing in it to escape.
  return { body: `{"items":[${items}],"next_cursor":${cursor === null ? 'null' : `"${cursor}"`}}`, headers: { 'content-type': JSON_CONTENT_TYPE } };
}

/** The cursor after a page of `rows`; null when it is not full (there is no more). */
function nextCursor<T>(rows: T[], limit: number, cursorOf: (last: T) => string[]): string | null {
  const last = rows.at(-1);
  return rows.length === limit && last ? encodeCursor(cursorOf(last)) : null;
}

/** A check that runs only when the format checks before it passed, so one bad value gets one message. */
function onlyIfWellFormed(problemOf: (s: string) => string | undefined) {
  return v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.issues) return;
    const problem = problemOf(dataset.value);
    if (problem) addIssue({ message: problem });
  });
}

/** True when the `YYYY-MM-DD` at the start of `s` is a day that exists. */
function isRealDay(s: string): boolean {
  const day = s.slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
