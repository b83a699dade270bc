// `!reminders` / `/reminders list|cancel`: one's own pending reminders, and cancelling one.

import { defineCommand } from '../../module-kit/define.ts';
import type { Reminder } from './reminder-queries.ts';
import { discordTime, remindersOf, replyUnavailable } from './reminder-replies.ts';

export const reminders = defineCommand({
  name: 'reminders',
  description: 'List or cancel your reminders',
  subcommands: (subcommand) => [
    subcommand({
      name: 'list',
      description: 'Your pending reminders, with their ids',
      async run(ctx) {
        const reminders = remindersOf(ctx);
        if (!reminders) return replyUnavailable(ctx);
        const pending = await reminders.service.listOwn(ctx.user.id);
        await ctx.reply({ content: describe(pending, ctx.prefix), ephemeral: true });
      },
    }),
    subcommand({
      name: 'cancel',
      description: 'Cancel one of your reminders',
      options: { id: { description: 'The reminder id, from the list', type: 'integer', required: true, minValue: 1 } },
      async run(ctx, { id }) {
        const reminders = remindersOf(ctx);
        if (!reminders) return replyUnavailable(ctx);
        const cancelled = await reminders.service.cancel(String(id), ctx.user.id);
        await ctx.reply({ content: `Cancelled reminder #${cancelled.id}: ${quote(cancelled.content)}`, ephemeral: true });
      },
    }),
  ],
});

function describe(pending: Reminder[], prefix: string): string {
  if (pending.length === 0) return `You have no pending reminders. Set one with \`${prefix}remind 10m stretch\`.`;
  const lines = pending.map((r) => `#${r.id} · ${discordTime(r.due_at)}${r.cron ? ' · repeats' : ''} · ${quote(r.content)}`);
  return [...lines, `Cancel one with \`${prefix}reminders cancel <id>\`.`].join('\n').slice(0, 2_000);
}

/** A short, one-line excerpt of a reminder's text. */
function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
