// User stats: messages and commands counted per member, read by `/stats` and `/top`. Counting is
// the module's: a guild that switched it off has nothing counted. A user's stats go with their data.

import { defineModule } from '../../module-kit/contract.ts';
import { createStatsCounter } from './counter.ts';
import type { StatsInstance } from './instance.ts';
import { deleteUserStats } from './queries.ts';
import { statsRoutes } from './routes.ts';
import { stats } from './stats.ts';
import { statsStoreOf } from './store.ts';
import { top } from './top.ts';

export const statsModule = defineModule({
  name: 'stats',
  description: 'Messages and commands counted per member, with a leaderboard',
  commands: [stats, top],
  setup(ctx): StatsInstance | undefined {
    const store = statsStoreOf(ctx);
    if (!store) return undefined;
    const counter = createStatsCounter({ write: store.write, log: ctx.log, intervalMs: ctx.config.STATS_FLUSH_INTERVAL_MS });
    ctx.metrics?.gauge('concord_stats_queue_depth', 'User stats counts waiting for the next flush', () => counter.pending());
    return { counter, reader: store.reader };
  },
  // The last counts are written: teardown runs after the bot has stopped taking messages.
  teardown: (ctx) => ctx.instance?.counter.close(),
  events: {
    // Every user's message in a guild (never a bot's or a webhook's): one map update, no I/O.
    MESSAGE_CREATE(ctx, message) {
      if (ctx.guild && !message.author.bot && !message.webhook_id) ctx.instance?.counter.countMessage(ctx.guild.id, message.author.id);
    },
  },
  commandUsed(ctx, use) {
    if (ctx.guild) ctx.instance?.counter.countCommand(ctx.guild.id, use.user_id);
  },
  apiRoutes: (ctx) => (ctx.sql ? statsRoutes(ctx.sql) : []),
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserStats(ctx.sql, userId) : undefined),
});
