// `!reminders` / `/reminders list|cancel`: one's own pending reminders, and cancelling one.
import type { Reminder } from '../db/reminders.ts';
import { discordTime, replyUnavailable } from './reminder-replies.ts';
import { replyFailure } from './replies.ts';
import type { Command } from './types.ts';

export const reminders = {
  name: 'reminders',
  description: 'List or cancel your reminders',
  subcommands: [
    {
      name: 'list',
      description: 'Your pending reminders, with their ids',
      async run(ctx) {
        const service = ctx.bot.reminders;
        if (!service) return replyUnavailable(ctx);
        const pending = await service.listOwn(ctx.user.id);
        await ctx.reply({ content: describe(pending, ctx.prefix), ephemeral: true });
      },
    },
    {
      name: 'cancel',
      description: 'Cancel one of your reminders',
      options: [{ name: 'id', description: 'The reminder id, from the list', type: 'integer', required: true, minValue: 1 }],
      async run(ctx) {
        const service = ctx.bot.reminders;
        if (!service) return replyUnavailable(ctx);
        const cancelled = await service.cancel(String(ctx.options.id), ctx.user.id).catch(replyFailure(ctx));
        if (cancelled) await ctx.reply({ content: `Cancelled reminder #${cancelled.id}: ${quote(cancelled.content)}`, ephemeral: true });
      },
    },
  ],
} satisfies Command;

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
