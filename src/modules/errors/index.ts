// The error log: unexpected errors of commands, HTTP handlers, jobs and modules, grouped by
// fingerprint, read and resolved through /api/errors (global admins). Every process records them with
// features/errors' tracker; this module serves the log. Always on: errors are recorded everywhere.
import { deleteUserFromErrors } from '../../features/errors/queries.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { errorRoutes } from './routes.ts';

export const errorLog = defineModule({
  name: 'errors',
  description: 'Unexpected errors, grouped by their cause, for global admins to resolve',
  alwaysOn: true,
  apiRoutes: (ctx) => (ctx.sql ? errorRoutes(ctx.sql) : []),
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserFromErrors(ctx.sql, userId) : undefined),
});
