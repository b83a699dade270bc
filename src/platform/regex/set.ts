// A guild's regex triggers as RE2 automata (one per case sensitivity), the same in the bot's thread
// and in the regex worker. Imports nothing but re2js, so the worker's bundle stays small.
import { RE2JS, RE2Set } from 're2js';

export interface RegexPattern {
  pattern: string;
  caseSensitive: boolean;
}

export interface CompiledRegexSet {
  /** The index of the first pattern (in the order given) that `content` matches, or -1. */
  firstMatch(content: string): number;
}

/** Compiles `patterns`; each must be valid RE2 (checked when saved). */
export function compileRegexSet(patterns: readonly RegexPattern[]): CompiledRegexSet {
  const groups = [newGroup(0), newGroup(RE2JS.CASE_INSENSITIVE)] as const;
  patterns.forEach(({ pattern, caseSensitive }, i) => {
    const group = groups[caseSensitive ? 0 : 1];
    group.set.add(pattern);
    group.indexes.push(i);
  });
  const used = groups.filter((g) => g.indexes.length > 0);
  for (const group of used) group.set.compile();
  return {
    firstMatch(content) {
      let first = -1;
      for (const group of used) {
        // RE2Set.match answers the matching patterns of the group in order; the first is the least.
        const hit = group.set.match(content)[0];
        const index = hit === undefined ? undefined : group.indexes[hit];
        if (index !== undefined && (first === -1 || index < first)) first = index;
      }
      return first;
    },
  };
}

/**
 * RE2's DFA cache for one automaton (re2js's default is 8 MiB). A hostile set builds a new state per
 * character; with a small cache RE2 gives up on the DFA sooner for its NFA, which is cheaper then:
 * the worst accepted guild set went from ~270 to ~100 ms a message, everyday sets did not change.
 */
export const DFA_MEMORY_BYTES = 1 << 20;

function newGroup(flags: number) {
  return { set: new RE2Set(RE2Set.UNANCHORED, flags, DFA_MEMORY_BYTES), indexes: [] as number[] };
}
