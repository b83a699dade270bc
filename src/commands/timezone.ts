// `!timezone [zone]` / `/timezone`: shows or sets the IANA zone your reminders' times are read in.
import { replyUnavailable } from './reminder-replies.ts';
import { replyFailure } from './replies.ts';
import type { Command } from './types.ts';

export const timezone = {
  name: 'timezone',
  description: 'Show or set your time zone for reminders, e.g. Europe/Berlin',
  options: [{ name: 'zone', description: 'An IANA time zone such as Europe/Berlin or America/New_York', type: 'string', maxLength: 64 }],
  async run(ctx) {
    const reminders = ctx.bot.reminders;
    if (!reminders) return replyUnavailable(ctx);
    const wanted = ctx.options.zone === undefined ? undefined : String(ctx.options.zone);
    if (wanted === undefined) {
      const zone = await reminders.timeZoneOf(ctx.user.id, ctx.guild?.id ?? null);
      await ctx.reply({ content: `Your time zone is ${zone}. Change it with \`${ctx.prefix}timezone Europe/Berlin\`.`, ephemeral: true });
      return;
    }
    const zone = await reminders.setTimeZone(ctx.user.id, wanted).catch(replyFailure(ctx));
    if (zone) await ctx.reply({ content: `Your time zone is now ${zone}: \`9am\` means 9am there.`, ephemeral: true });
  },
} satisfies Command;
