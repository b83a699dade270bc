// Auto-responses: which custom command, if any, answers a plain guild message. Regex triggers run on
// RE2 (re2js), whose matching time is linear in the message; all of a guild's regexes are one RE2Set
// automaton, so a message is read once however many there are. The automaton's size, which the time
// per character grows with, is bounded by trigger-limits.ts (and platform/regex/limits.ts) here too, whatever the database holds.

import { MAX_REGEX_INSTRUCTIONS, MAX_REGEX_INSTRUCTIONS_PER_GUILD, regexInstructions } from '../../../platform/regex/limits.ts';
import type { RegexSetSource } from '../../../platform/regex/runner.ts';
import { type CompiledRegexSet, compileRegexSet } from '../../../platform/regex/set.ts';
import type { CommandTrigger, CustomCommand } from '../data/queries.ts';
import { compileLiteralSet } from './literal-set.ts';
import { MAX_REGEX_TRIGGERS_PER_GUILD } from './trigger-limits.ts';

export interface TriggerMatcher {
  /** The first auto-response `content` sets off, all in this thread; exact before starts_with, contains, then regex. */
  match(content: string): CustomCommand | undefined;
  /** The first exact, starts_with or contains trigger `content` sets off: cheap enough for any thread. */
  matchPlain(content: string): CustomCommand | undefined;
  /** The regex triggers for a RegexRunner, in the order they win: `commands[i]` owns `set.patterns[i]`. */
  regexes: { set: RegexSetSource; commands: CustomCommand[] };
  size: number;
  /** RE2 instructions in the regex automata: what one character of a message may cost at most. */
  regexInstructions: number;
  /** Regex triggers left out because they are invalid or over a limit (saved before the limits were). */
  skipped: CustomCommand[];
}

const matchers = new WeakMap<readonly CustomCommand[], TriggerMatcher>();

/** The matcher of a guild's command list, compiled once per list (the store caches the list). */
export function triggerMatcherFor(commands: readonly CustomCommand[]): TriggerMatcher {
  let matcher = matchers.get(commands);
  if (!matcher) {
    matcher = compileTriggers(commands);
    matchers.set(commands, matcher);
  }
  return matcher;
}

type Test = { command: CustomCommand; test: (content: string, lower: string) => boolean };

let lastSetId = 0;

/** Compiles the triggers of the enabled commands in `commands`. */
export function compileTriggers(commands: readonly CustomCommand[]): TriggerMatcher {
  // Exact triggers are a map lookup whatever their number; the rest are tested in order.
  const exact = new Map<string, CustomCommand>();
  const exactFolded = new Map<string, CustomCommand>();
  const startsWith: Test[] = [];
  // contains: one literal automaton per case sensitivity; `contains[i]` owns pattern i of both.
  const contains: CustomCommand[] = [];
  const containsPatterns = { sensitive: [] as (string | null)[], folded: [] as (string | null)[] };
  const regexes: { set: RegexSetSource; commands: CustomCommand[] } = { set: { id: ++lastSetId, patterns: [] }, commands: [] };
  const budget = regexBudget();
  const sorted = commands.filter((c) => c.enabled && c.trigger).sort(byTypeThenName).filter(budget.admits);
  for (const command of sorted) {
    const trigger = command.trigger as CommandTrigger;
    const pattern = trigger.case_sensitive ? trigger.pattern : trigger.pattern.toLowerCase();
    const pick = (content: string, lower: string) => (trigger.case_sensitive ? content : lower);
    switch (trigger.type) {
      case 'exact': {
        const map = trigger.case_sensitive ? exact : exactFolded;
        if (!map.has(pattern)) map.set(pattern, command);
        break;
      }
      case 'starts_with':
        startsWith.push({ command, test: (c, l) => pick(c, l).startsWith(pattern) });
        break;
      case 'contains':
        containsPatterns.sensitive.push(trigger.case_sensitive ? pattern : null);
        containsPatterns.folded.push(trigger.case_sensitive ? null : pattern);
        contains.push(command);
        break;
      case 'regex':
        // Sorted by name, so the first pattern that matches is the one that wins.
        regexes.set.patterns.push({ pattern: trigger.pattern, caseSensitive: trigger.case_sensitive });
        regexes.commands.push(command);
        break;
    }
  }
  const literals = { sensitive: compileLiteralSet(containsPatterns.sensitive), folded: compileLiteralSet(containsPatterns.folded) };
  const firstContained = (content: string, lower: string) => {
    const indexes = [literals.sensitive.firstMatch(content), literals.folded.firstMatch(lower)].filter((i) => i >= 0);
    return indexes.length > 0 ? contains[Math.min(...indexes)] : undefined;
  };
  let inThread: CompiledRegexSet | undefined;
  const matchPlain = (content: string) => {
    if (sorted.length === 0) return undefined;
    const lower = content.toLowerCase();
    return exact.get(content) ?? exactFolded.get(lower) ?? startsWith.find((t) => t.test(content, lower))?.command ?? firstContained(content, lower);
  };
  return {
    size: sorted.length,
    regexInstructions: budget.instructions(),
    skipped: budget.skipped,
    regexes,
    matchPlain,
    match(content) {
      const found = matchPlain(content);
      if (found || regexes.commands.length === 0) return found;
      inThread ??= compileRegexSet(regexes.set.patterns);
      return regexes.commands[inThread.firstMatch(content)];
    },
  };
}

/**
 * Admits the regexes of each namespace (a guild's own, the global ones) in name order while they
 * keep within the per-guild limits, so rows saved before the limits cannot make the automaton larger.
 */
function regexBudget() {
  const used = new Map<string | null, { count: number; instructions: number }>();
  const skipped: CustomCommand[] = [];
  let total = 0;
  return {
    skipped,
    instructions: () => total,
    admits(command: CustomCommand): boolean {
      const trigger = command.trigger as CommandTrigger;
      if (trigger.type !== 'regex') return true;
      const spent = used.get(command.guild_id) ?? { count: 0, instructions: 0 };
      let size: number;
      try {
        size = regexInstructions(trigger.pattern, trigger.case_sensitive);
      } catch {
        size = Number.POSITIVE_INFINITY;
      }
      const fits = size <= MAX_REGEX_INSTRUCTIONS && spent.count < MAX_REGEX_TRIGGERS_PER_GUILD && spent.instructions + size <= MAX_REGEX_INSTRUCTIONS_PER_GUILD;
      if (!fits) {
        skipped.push(command);
        return false;
      }
      used.set(command.guild_id, { count: spent.count + 1, instructions: spent.instructions + size });
      total += size;
      return true;
    },
  };
}

const TYPE_ORDER = { exact: 0, starts_with: 1, contains: 2, regex: 3 } as const;

function byTypeThenName(a: CustomCommand, b: CustomCommand): number {
  const type = TYPE_ORDER[(a.trigger as CommandTrigger).type] - TYPE_ORDER[(b.trigger as CommandTrigger).type];
  return type !== 0 ? type : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
