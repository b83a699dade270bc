// The audit log: every change made through any door (API, dashboard, Discord), read and exported
// through GET /api/audit. The features record their changes with features/audit themselves; this
// module only serves the log. Always on: it is the record of what changed, in every server.
// It has no deleteUserData: a row says who changed what, and the erasure of a user's data is itself
// recorded here (under the user's id), so the rows stay.
import { defineModule } from '../../module-kit/contract.ts';
import { auditRoutes } from './routes.ts';

export const auditLog = defineModule({
  name: 'audit',
  description: 'Every change made through the API, the dashboard or Discord, with its before and after',
  alwaysOn: true,
  apiRoutes: (ctx) => (ctx.sql ? auditRoutes(ctx.sql) : []),
});
