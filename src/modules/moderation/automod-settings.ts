// Checks of the automod settings beyond their kinds, each problem naming the setting and the line:
// patterns Concord runs (automod-patterns.ts), and the blocked words, which become a native Discord
// AutoMod keyword rule, within what Discord's keyword_filter takes so the rule's sync is never refused.
// https://discord.com/developers/docs/resources/auto-moderation#auto-moderation-rule-object-trigger-metadata-field-limits
import type { SettingProblem } from '../../module-kit/settings.ts';
import { checkBlockedPatterns } from './automod-patterns.ts';

/** Discord's keyword_filter: at most 1,000 keywords of at most 60 characters each. */
export const MAX_BLOCKED_WORDS = 1_000;
export const MAX_BLOCKED_WORD_LENGTH = 60;

/** The automod settings of a change, as far as they are sent. */
export interface AutomodChange {
  automod_blocked_words?: string | null | undefined;
  automod_blocked_patterns?: string | null | undefined;
}

export function validateAutomodSettings(change: AutomodChange): SettingProblem[] {
  return [...checkBlockedPatterns(change.automod_blocked_patterns), ...checkBlockedWords(change.automod_blocked_words)];
}

/** Words and phrases one a line, as the native rule's sync reads them: trimmed, blank lines skipped. */
export function checkBlockedWords(text: string | null | undefined): SettingProblem[] {
  if (!text) return [];
  const field = 'automod_blocked_words';
  const problems: SettingProblem[] = [];
  let count = 0;
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const word = raw.trim();
    if (word === '') continue;
    count++;
    if (count > MAX_BLOCKED_WORDS) {
      problems.push({ field, message: `line ${i + 1}: at most ${MAX_BLOCKED_WORDS} words are allowed (Discord's limit), this is word ${count}` });
      break;
    }
    // Characters as Discord (Python) counts them: code points, so an emoji is one.
    const length = [...word].length;
    if (length > MAX_BLOCKED_WORD_LENGTH && problems.length < 5) {
      problems.push({ field, message: `line ${i + 1}: "${[...word].slice(0, 20).join('')}…" is ${length} characters, Discord allows at most ${MAX_BLOCKED_WORD_LENGTH}` });
    }
  }
  return problems;
}
