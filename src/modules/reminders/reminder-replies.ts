// What the reminder commands share: the module's instance, Discord's timestamp markup, and the reply
// where reminders are not available.

import type { CommandContext } from '../../module-kit/command-types.ts';
import type { Reminders } from './instance.ts';

/** This process's reminders and schedules (the module's instance): absent without the database. */
export function remindersOf(ctx: Pick<CommandContext, 'instance'>): Reminders | undefined {
  return ctx.instance as Reminders | undefined;
}

/** `<t:…:F> (<t:…:R>)`: every reader sees the time in their own zone, and how far away it is.
 *  https://discord.com/developers/docs/reference#message-formatting-timestamp-styles */
export function discordTime(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1_000);
  return `<t:${seconds}:F> (<t:${seconds}:R>)`;
}

/** Reminders need the database and Discord: a split `bot` process or the local console says so. */
export function replyUnavailable(ctx: CommandContext): Promise<void> {
  return ctx.reply({ content: "Reminders are not available here: they need Concord's `all` mode, connected to Discord.", ephemeral: true });
}
