// `!timezone [zone]` / `/timezone`: shows or sets the IANA zone your reminders' times are read in.
import { defineCommand } from '../../module-kit/define.ts';
import { replyUnavailable, setTimeZone, timeZoneOf } from '../reminders/index.ts';

export const timezone = defineCommand({
  name: 'timezone',
  description: 'Show or set your time zone for reminders, e.g. Europe/Berlin',
  options: { zone: { description: 'An IANA time zone such as Europe/Berlin or America/New_York', type: 'string', maxLength: 64 } },
  async run(ctx, { zone: wanted }) {
    // Zones are kept with the reminders, in the database: a process without it has neither.
    const { sql } = ctx;
    if (!sql) return replyUnavailable(ctx);
    if (wanted === undefined) {
      const zone = await timeZoneOf(sql, ctx.user.id, ctx.guild?.id ?? null);
      await ctx.reply({ content: `Your time zone is ${zone}. Change it with \`${ctx.prefix}timezone Europe/Berlin\`.`, ephemeral: true });
      return;
    }
    const zone = await setTimeZone(sql, ctx.user.id, wanted);
    await ctx.reply({ content: `Your time zone is now ${zone}: \`9am\` means 9am there.`, ephemeral: true });
  },
});
