// Services only some processes have (reminders need the database and Discord; stats a reader): a
// command declares what it needs, the dispatcher checks once and answers here when one is missing.

import type { CommandContext, Requirement } from '../module-kit/command-types.ts';
import { replyUnavailable } from '../modules/reminders/reminder-replies.ts';

const UNAVAILABLE: Record<Requirement, (ctx: CommandContext) => Promise<void>> = {
  reminders: replyUnavailable,
  schedules: replyUnavailable,
  // Every mode that runs the bot has a stats reader (app.ts); only an embedding without one lands here.
  stats: (ctx) => ctx.reply({ content: 'Stats are not available here.', ephemeral: true }),
};

/** Answers for the first of `requires` this process lacks; whether one was missing. */
export async function replyIfMissing(ctx: CommandContext, requires: readonly Requirement[] = []): Promise<boolean> {
  const missing = requires.find((name) => ctx.bot[name] === undefined);
  if (missing === undefined) return false;
  await UNAVAILABLE[missing](ctx);
  return true;
}
