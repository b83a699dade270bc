// `automod_blocked_patterns`: one RE2 regex a line, case-insensitive, bounded as custom-command regex
// triggers are (each pattern's compiled size, and the guild's together), so the one automaton a
// guild's patterns make costs at most a known number of steps per character of a message.

import type { SettingProblem } from '../../module-kit/settings.ts';
import { checkRegex, MAX_REGEX_INSTRUCTIONS_PER_GUILD, regexInstructions } from '../../platform/regex/limits.ts';
import type { RegexPattern } from '../../platform/regex/set.ts';

/** Most patterns a guild may block (the setting's description says so). */
export const MAX_BLOCKED_PATTERNS = 20;
/** Longest pattern, in characters. */
export const MAX_BLOCKED_PATTERN_LENGTH = 260;

/** A pattern line: its text, trimmed, and its line number (1-based, blank lines counted). */
export interface PatternLine {
  line: number;
  pattern: string;
}

/** The non-blank lines of the setting, trimmed (a pattern that needs a space at an end writes `\s` or `[ ]`). */
export function patternLines(text: string | null | undefined): PatternLine[] {
  if (!text) return [];
  const lines: PatternLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const pattern = raw.trim();
    if (pattern !== '') lines.push({ line: i + 1, pattern });
  });
  return lines;
}

/** What is wrong with the setting's text, each problem naming its line; empty when it may be saved. */
export function checkBlockedPatterns(text: string | null | undefined): SettingProblem[] {
  const field = 'automod_blocked_patterns';
  const lines = patternLines(text);
  const problems: SettingProblem[] = [];
  let total = 0;
  for (const [index, { line, pattern }] of lines.entries()) {
    if (index === MAX_BLOCKED_PATTERNS) {
      problems.push({ field, message: `line ${line}: at most ${MAX_BLOCKED_PATTERNS} patterns are allowed, this is pattern ${index + 1} of ${lines.length}` });
      break;
    }
    if (pattern.length > MAX_BLOCKED_PATTERN_LENGTH) {
      problems.push({ field, message: `line ${line}: the pattern is ${pattern.length} characters, at most ${MAX_BLOCKED_PATTERN_LENGTH} are allowed` });
      continue;
    }
    const invalid = checkRegex(pattern);
    if (invalid) {
      problems.push({ field, message: `line ${line}: the pattern ${invalid}` });
      continue;
    }
    total += regexInstructions(pattern, false);
    if (total > MAX_REGEX_INSTRUCTIONS_PER_GUILD) {
      problems.push({ field, message: `line ${line}: the patterns up to this line compile to ${total} RE2 instructions, at most ${MAX_REGEX_INSTRUCTIONS_PER_GUILD} are allowed together` });
      break;
    }
  }
  return problems;
}

/**
 * The patterns the checks admit, in order, for the regex runner. A value saved before a limit (or
 * written to the database by hand) is not trusted: what a check refuses is left out, not run.
 */
export function admittedPatterns(text: string | null | undefined): RegexPattern[] {
  const admitted: RegexPattern[] = [];
  let total = 0;
  for (const { pattern } of patternLines(text).slice(0, MAX_BLOCKED_PATTERNS)) {
    if (pattern.length > MAX_BLOCKED_PATTERN_LENGTH || checkRegex(pattern)) continue;
    total += regexInstructions(pattern, false);
    if (total > MAX_REGEX_INSTRUCTIONS_PER_GUILD) break;
    admitted.push({ pattern, caseSensitive: false });
  }
  return admitted;
}
