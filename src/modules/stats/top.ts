// `!top [messages|commands] [days]`, `/top`: the server's most active users.

import { defineCommand } from '../../module-kit/define.ts';
import { cooldown, guildOnly } from '../../module-kit/preconditions.ts';
import { replyUnavailable, statsOf } from './instance.ts';
import { STATS_METRICS, type StatsMetric } from './queries.ts';

const LIMIT = 10;

export const top = defineCommand({
  name: 'top',
  description: "This server's most active users",
  preconditions: [guildOnly, cooldown(5)],
  options: {
    metric: { description: 'messages (default) or commands', type: 'string', required: false, maxLength: 10 },
    days: { description: 'the last N days (all time by default)', type: 'integer', required: false, minValue: 1, maxValue: 365 },
  },
  async run(ctx, options) {
    const reader = statsOf(ctx)?.reader;
    if (!reader) return replyUnavailable(ctx);
    const given = (options.metric ?? 'messages').toLowerCase();
    if (!STATS_METRICS.includes(given as StatsMetric)) {
      await ctx.reply({ content: `Pick \`messages\` or \`commands\`, not \`${given.replace(/[`\\]/g, '')}\`.`, ephemeral: true });
      return;
    }
    const metric = given as StatsMetric;
    const days = options.days ?? null;
    const rows = await reader.leaderboard(ctx.guild.id, metric, days, LIMIT);
    const period = days === null ? 'all time' : `last ${days} day${days === 1 ? '' : 's'}`;
    if (rows.length === 0) {
      await ctx.reply(`No ${metric} counted here yet (${period}).`);
      return;
    }
    // Mentions render as names, and the dispatcher's allowed_mentions keeps them from pinging.
    const lines = rows.map((row, i) => `${i + 1}. <@${row.user_id}> — ${row[metric]}`);
    await ctx.reply([`**Top by ${metric}** (${period})`, ...lines].join('\n'));
  },
});
