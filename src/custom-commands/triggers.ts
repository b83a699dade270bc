// Auto-responses: which custom command, if any, answers a plain guild message. Regex triggers run on
// RE2 (re2js), whose matching time is linear in the message, so no pattern can stall the bot; all of
// a guild's regexes are one RE2Set automaton, so a message is read once however many there are.
import { RE2JS, RE2Set } from 're2js';
import type { CommandTrigger, CustomCommand } from '../db/commands.ts';

/** Longest trigger pattern accepted. */
export const MAX_PATTERN_LENGTH = 500;

export interface TriggerMatcher {
  /** The first auto-response `content` sets off; exact before starts_with, contains, then regex. */
  match(content: string): CustomCommand | undefined;
  size: number;
}

/** Why `pattern` cannot be a regex trigger, or undefined when it can. */
export function checkRegex(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return `is not a valid RE2 regular expression: ${(error as Error).message}`;
  }
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

/** One automaton for many regexes of the same case sensitivity; `commands[i]` owns pattern i. */
interface RegexGroup {
  set: RE2Set;
  commands: CustomCommand[];
}

/** Compiles the triggers of the enabled commands in `commands`. */
export function compileTriggers(commands: readonly CustomCommand[]): TriggerMatcher {
  // Exact triggers are a map lookup whatever their number; the rest are tested in order.
  const exact = new Map<string, CustomCommand>();
  const exactFolded = new Map<string, CustomCommand>();
  const ordered: Test[] = [];
  const groups = { sensitive: newGroup(0), folded: newGroup(RE2JS.CASE_INSENSITIVE) };
  const sorted = commands.filter((c) => c.enabled && c.trigger).sort(byTypeThenName);
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
        ordered.push({ command, test: (c, l) => pick(c, l).startsWith(pattern) });
        break;
      case 'contains':
        ordered.push({ command, test: (c, l) => pick(c, l).includes(pattern) });
        break;
      case 'regex': {
        const group = trigger.case_sensitive ? groups.sensitive : groups.folded;
        group.set.add(trigger.pattern);
        group.commands.push(command);
        break;
      }
    }
  }
  const regexGroups = [groups.sensitive, groups.folded].filter((g) => g.commands.length > 0);
  for (const group of regexGroups) group.set.compile();
  const position = new Map(sorted.map((command, i) => [command, i]));
  return {
    size: sorted.length,
    match(content) {
      if (sorted.length === 0) return undefined;
      const lower = content.toLowerCase();
      const found = exact.get(content) ?? exactFolded.get(lower) ?? ordered.find((t) => t.test(content, lower))?.command;
      if (found) return found;
      // The first by name among the regexes that match, whichever group they are in.
      const matched = regexGroups.flatMap((group) => group.set.match(content).map((i) => group.commands[i] as CustomCommand));
      return matched.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0))[0];
    },
  };
}

function newGroup(flags: number): RegexGroup {
  return { set: new RE2Set(RE2Set.UNANCHORED, flags), commands: [] };
}

const TYPE_ORDER = { exact: 0, starts_with: 1, contains: 2, regex: 3 } as const;

function byTypeThenName(a: CustomCommand, b: CustomCommand): number {
  const type = TYPE_ORDER[(a.trigger as CommandTrigger).type] - TYPE_ORDER[(b.trigger as CommandTrigger).type];
  return type !== 0 ? type : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
