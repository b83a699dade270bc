// How commands answer bad input and expected failures: only the invoker sees it, and nothing
// unexpected is hidden (those propagate to the dispatcher, which reports them with an error id).
import * as v from 'valibot';
import { failureReply } from '../errors/reply.ts';
import type { CommandContext } from './types.ts';

/** Lists each invalid field, as the API names them. */
export function replyInvalid(ctx: CommandContext, issues: readonly v.BaseIssue<unknown>[]): Promise<void> {
  const lines = issues.map((issue) => `• ${v.getDotPath(issue) ?? 'value'}: ${issue.message}`);
  return ctx.reply({ content: `That did not work:\n${lines.join('\n')}`, ephemeral: true });
}

/** For `.catch()`: replies with an expected failure's message; anything else propagates. */
export function replyFailure(ctx: CommandContext) {
  return async (error: unknown): Promise<undefined> => {
    const content = failureReply(error);
    if (content === undefined) throw error;
    await ctx.reply({ content, ephemeral: true });
    return undefined;
  };
}
