// `!remind <when> <what> [--dm]` and `/remind`: a reminder, read in the user's time zone.
import { defineCommand } from '../../module-kit/define.ts';
import { discordTime, remindersOf, replyUnavailable } from './reminder-replies.ts';

export const remind = defineCommand({
  name: 'remind',
  description: 'Remind you of something: 10m, tomorrow 9am, monday 18:00, every day 9am…',
  options: {
    // The prefix form reads the time and the text from one string: where the time ends is found by parsing.
    when: { description: 'When: 10m, 2h30m, in 3 days, tomorrow 9am, monday 18:00, every day 9am', type: 'string', required: true, rest: true, maxLength: 1_700 },
    what: { description: 'What to remind you of', type: 'string', maxLength: 1_500 },
    dm: { description: 'Send it by direct message', type: 'boolean' },
  },
  async run(ctx, options) {
    // A reminder is delivered in the channel it was set in: without one there is nowhere to send it.
    const reminders = remindersOf(ctx);
    if (!reminders || !ctx.channelId) return replyUnavailable(ctx);
    const byDm = options.dm === true || /(^|\s)--dm(\s|$)/.test(options.when);
    const when = options.when.replace(/(^|\s)--dm(?=\s|$)/g, ' ').trim();
    const created = await reminders.service.create({
        userId: ctx.user.id,
        guildId: ctx.guild?.id ?? null,
        channelId: ctx.channelId,
        sourceMessageId: ctx.source === 'prefix' ? ctx.eventId : null,
        when,
        text: options.what,
        byDm,
      });
    const repeat = created.cron ? `, then again on that schedule (\`${created.cron}\`, ${created.time_zone})` : '';
    await ctx.reply({
      content: `Reminder #${created.id} set for ${discordTime(created.due_at)}${repeat}${created.deliver_by_dm ? ', by DM' : ''}.`,
      ephemeral: true,
    });
  },
});
