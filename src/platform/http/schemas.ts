// Wire shapes every route, feature and module validates with: written once, here below them all.
import * as v from 'valibot';
import { SNOWFLAKE } from '../ids.ts';

export const Snowflake = v.pipe(v.string(), v.regex(SNOWFLAKE, 'must be a Discord id (a string of 15-21 digits)'));

/** A whole number in a response: `integer` in the document, not `number`. */
export const Integer = v.pipe(v.number(), v.integer());
