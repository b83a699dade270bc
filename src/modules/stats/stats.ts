// `!stats [@user]`, `/stats user`, `/stats optout`: a user's activity in this server, or stop counting it.
import { defineCommand } from '../../module-kit/define.ts';
import { guildOnly } from '../../module-kit/preconditions.ts';
import { replyUnavailable, statsOf } from './instance.ts';

export const stats = defineCommand({
  name: 'stats',
  description: 'Messages and commands of a user in this server',
  preconditions: [guildOnly],
  subcommands: (subcommand) => [
    subcommand({
      name: 'user',
      description: "A user's messages and commands: today, 7 days, all time, and rank",
      options: { user: { description: 'whose stats (you by default)', type: 'user', required: false } },
      async run(ctx, options) {
        const reader = statsOf(ctx)?.reader;
        if (!reader) return replyUnavailable(ctx);
        const userId = options.user ?? ctx.user.id;
        const s = await reader.userStats(ctx.guild.id, userId);
        const rank = s.rank === null ? 'not ranked yet' : `rank #${s.rank} by messages`;
        await ctx.reply(
          [
            `**Stats for <@${userId}>** (${rank})`,
            `Messages: ${s.messages_today} today, ${s.messages_7d} in 7 days, ${s.messages_all} in all`,
            `Commands: ${s.commands_today} today, ${s.commands_7d} in 7 days, ${s.commands_all} in all`,
          ].join('\n'),
        );
      },
    }),
    subcommand({
      name: 'optout',
      description: 'Stop counting your activity and delete what was kept',
      async run(ctx) {
        const reader = statsOf(ctx)?.reader;
        if (!reader) return replyUnavailable(ctx);
        await reader.optOut(ctx.user.id);
        await ctx.reply({ content: 'Done: your activity is no longer counted, and what was kept about you is deleted.', ephemeral: true });
      },
    }),
  ],
});
