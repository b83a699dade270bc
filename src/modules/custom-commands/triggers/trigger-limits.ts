// What a guild's auto-responses may cost: the count of its triggers and regexes, and the size of its
// regexes together (platform/regex/limits.ts, which bounds each one too).
import type { Sql } from '../../../platform/db/connect.ts';
import { AppError, invalidField } from '../../../platform/errors/app-error.ts';
import { checkRegex, MAX_REGEX_INSTRUCTIONS_PER_GUILD, regexInstructions } from '../../../platform/regex/limits.ts';
import type { CommandTrigger } from '../data/queries.ts';
import { listNamespaceTriggers, lockNamespaceTriggers } from '../data/trigger-queries.ts';

/** Longest trigger pattern accepted (any type). */
export const MAX_PATTERN_LENGTH = 500;
/** Most triggers of any type per guild (exact ones are a map lookup; the rest are tested in turn). */
export const MAX_TRIGGERS_PER_GUILD = 500;
/** Most regex triggers per guild. */
export const MAX_REGEX_TRIGGERS_PER_GUILD = 50;

/** Why a guild that has `existing` triggers cannot also have `added`, or undefined when it can. */
export function checkTriggerRoom(existing: readonly CommandTrigger[], added: readonly CommandTrigger[]): string | undefined {
  const all = [...existing, ...added];
  if (all.length > MAX_TRIGGERS_PER_GUILD) {
    return `a guild may have at most ${MAX_TRIGGERS_PER_GUILD} auto-responses (commands with a trigger); this would make ${all.length}`;
  }
  const regexes = all.filter((t) => t.type === 'regex');
  if (regexes.length > MAX_REGEX_TRIGGERS_PER_GUILD) {
    return `a guild may have at most ${MAX_REGEX_TRIGGERS_PER_GUILD} regex triggers; this would make ${regexes.length}`;
  }
  const size = regexes.reduce((sum, t) => sum + storedInstructions(t), 0);
  if (size > MAX_REGEX_INSTRUCTIONS_PER_GUILD) {
    return `a guild's regex triggers may compile to at most ${MAX_REGEX_INSTRUCTIONS_PER_GUILD} RE2 instructions together; this would make ${size}`;
  }
  return undefined;
}

/**
 * 422 naming `trigger` unless the namespace of `guildId` has room for `trigger` besides its other
 * commands' (`exceptId`: the command being changed). Takes a lock to the end of the transaction `tx`,
 * so parallel saves in one guild cannot each see room for one more.
 */
export async function assertTriggerRoom(tx: Sql, guildId: string | null, trigger: CommandTrigger | null | undefined, exceptId: string | null): Promise<void> {
  if (!trigger) return;
  // A restored version or command was validated when saved, perhaps before these limits.
  const invalid = trigger.type === 'regex' ? checkRegex(trigger.pattern, trigger.case_sensitive) : undefined;
  if (invalid) throw invalidField('trigger.pattern', invalid);
  await lockNamespaceTriggers(tx, guildId);
  const existing = (await listNamespaceTriggers(tx, guildId)).filter((row) => row.id !== exceptId).map((row) => row.trigger);
  const problem = checkTriggerRoom(existing, [trigger]);
  if (problem) throw triggerLimit(problem);
}

/** The 422 for a guild that is out of room for triggers. */
export function triggerLimit(problem: string): AppError {
  return new AppError('limit', 'TRIGGER_LIMIT', `trigger: ${problem}`, { fields: [{ field: 'trigger', message: problem }] });
}

/** The size of a stored regex; one RE2 refuses is never compiled, so it costs nothing. */
function storedInstructions(trigger: CommandTrigger): number {
  try {
    return regexInstructions(trigger.pattern, trigger.case_sensitive);
  } catch {
    return 0;
  }
}
