// What a guild's regexes may cost (custom commands' triggers, automod's patterns). RE2 is linear in
// the message but not in the pattern: each character costs up to one step per live instruction of
// the guild's combined automaton, so a pattern is bounded by its compiled size and a guild by the
// total size of its regexes.
import { RE2JS } from 're2js';

/** Most RE2 instructions one regex may compile to; everyday patterns take 10-70. */
export const MAX_REGEX_INSTRUCTIONS = 200;
/** Most RE2 instructions all of a guild's regexes may compile to together: the size of its automaton. */
export const MAX_REGEX_INSTRUCTIONS_PER_GUILD = 1_000;

/** The RE2 program size of a regex, compiled as it will run; throws on a pattern RE2 refuses. */
export function regexInstructions(pattern: string, caseSensitive: boolean): number {
  return RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE).programSize();
}

/** Why `pattern` cannot be a guild's regex, or undefined when it can. */
export function checkRegex(pattern: string, caseSensitive = false): string | undefined {
  let size: number;
  try {
    size = regexInstructions(pattern, caseSensitive);
  } catch (error) {
    return `is not a valid RE2 regular expression: ${(error as Error).message}`;
  }
  if (size > MAX_REGEX_INSTRUCTIONS) {
    return `is too costly to match: it compiles to ${size} RE2 instructions, at most ${MAX_REGEX_INSTRUCTIONS} are allowed (a counted repetition such as {50} copies what it repeats)`;
  }
  return undefined;
}
