// Wire shapes every route, feature and module validates with: written once, here below them all.
import * as v from 'valibot';
import { SNOWFLAKE } from '../ids.ts';

export const Snowflake = v.pipe(v.string(), v.regex(SNOWFLAKE, 'must be a Discord id (a string of 15-21 digits)'));

/** A whole number in a response: `integer` in the document, not `number`. */
export const Integer = v.pipe(v.number(), v.integer());

/**
 * A free-form JSON object (metadata, error context): an object, not an array, nesting at most
 * `maxDepth` levels and at most `maxChars` long as JSON, so one row cannot hold megabytes.
 */
export function JsonObject({ maxDepth = 16, maxChars = 16_384 } = {}) {
  return v.pipe(
    // v.record takes an array for an object (and stores `{}`); say no first.
    v.custom<unknown>((input) => !Array.isArray(input), 'must be a JSON object, not an array'),
    // What OpenAPI shows for the custom check above (the JSON Schema converter cannot read it).
    v.metadata({ type: 'object', description: `a JSON object, at most ${maxDepth} levels deep and ${maxChars} characters` }),
    v.record(v.string(), v.unknown()),
    v.check((value) => depthOf(value) <= maxDepth, `must nest at most ${maxDepth} levels`),
    v.check((value) => JSON.stringify(value).length <= maxChars, `must be at most ${maxChars} characters as JSON`),
  );
}

/** How many levels of objects and arrays `value` has (bounded by the body reader's own depth limit). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const inner of Object.values(value)) deepest = Math.max(deepest, depthOf(inner));
  return deepest + 1;
}
