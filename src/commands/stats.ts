// `!stats [@user]`, `/stats user`, `/stats optout`: a user's activity in this server, or stop counting it.
import type { Command, CommandContext } from './types.ts';

export const stats = {
  name: 'stats',
  description: 'Messages and commands of a user in this server',
  guildOnly: true,
  subcommands: [
    {
      name: 'user',
      description: "A user's messages and commands: today, 7 days, all time, and rank",
      options: [{ name: 'user', description: 'whose stats (you by default)', type: 'user', required: false }],
      async run(ctx) {
        const guildId = requireStats(ctx);
        const userId = typeof ctx.options.user === 'string' ? ctx.options.user : ctx.user.id;
        const s = await ctx.bot.stats?.userStats(guildId, userId);
        if (!s) return;
        const rank = s.rank === null ? 'not ranked yet' : `rank #${s.rank} by messages`;
        await ctx.reply(
          [
            `**Stats for <@${userId}>** (${rank})`,
            `Messages: ${s.messages_today} today, ${s.messages_7d} in 7 days, ${s.messages_all} in all`,
            `Commands: ${s.commands_today} today, ${s.commands_7d} in 7 days, ${s.commands_all} in all`,
          ].join('\n'),
        );
      },
    },
    {
      name: 'optout',
      description: 'Stop counting your activity and delete what was kept',
      async run(ctx) {
        requireStats(ctx);
        await ctx.bot.stats?.optOut(ctx.user.id);
        await ctx.reply({ content: 'Done: your activity is no longer counted, and what was kept about you is deleted.', ephemeral: true });
      },
    },
  ],
} satisfies Command;

/** The guild the stats are about; stats are off when the bot has no stats reader. */
export function requireStats(ctx: CommandContext): string {
  if (!ctx.bot.stats || !ctx.guild) throw new Error('stats are not available in this process');
  return ctx.guild.id;
}
