// User stats: messages and commands counted per member, read by `/stats` and `/top`.
import { deleteUserStats } from '../../features/stats/queries.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { stats } from './stats.ts';
import { top } from './top.ts';

export const statsModule = defineModule({
  name: 'stats',
  description: 'Messages and commands counted per member, with a leaderboard',
  commands: [stats, top],
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserStats(ctx.sql, userId) : undefined),
});
