// The command log: every use of a command, read by the dashboard's Logs view and GET /api/logs.
import { deleteUserLogs } from '../../features/logs/queries.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { logRoutes } from './routes.ts';

export const commandLog = defineModule({
  name: 'logs',
  description: 'Every use of a command, with its outcome',
  alwaysOn: true,
  apiRoutes: (ctx) => (ctx.sql ? logRoutes(ctx.sql) : []),
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserLogs(ctx.sql, userId) : undefined),
});
