// How commands answer bad options: only the invoker sees it. A failure a command does not catch
// goes to the dispatcher, which answers an AppError in one sentence and reports anything else.
import * as v from 'valibot';
import type { CommandContext } from './command-types.ts';

/** Lists each invalid field, as the API names them. */
export function replyInvalid(ctx: CommandContext, issues: readonly v.BaseIssue<unknown>[]): Promise<void> {
  const lines = issues.map((issue) => `• ${v.getDotPath(issue) ?? 'value'}: ${issue.message}`);
  return ctx.reply({ content: `That did not work:\n${lines.join('\n')}`, ephemeral: true });
}
