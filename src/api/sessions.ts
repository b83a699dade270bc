// DELETE /api/users/:user_id/sessions: a global admin logs a user out everywhere.
import * as v from 'valibot';
import { deleteUserSessions } from '../features/auth/session-queries.ts';
import { type ApiRoute, route } from '../module-kit/api-route.ts';
import type { Sql } from '../platform/db/connect.ts';
import { Integer, UserParams } from '../platform/http/pagination.ts';

export function sessionRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'DELETE',
      path: '/api/users/:user_id/sessions',
      operationId: 'revokeUserSessions',
      summary: 'Revoke every dashboard session of a user (global admins)',
      tag: 'auth',
      globalAdminOnly: 'revoke sessions',
      params: UserParams,
      responses: {
        200: { description: 'how many sessions ended', schema: v.object({ revoked: Integer }) },
        403: { description: 'not a global admin' },
      },
      async handler(_ctx, { params }) {
        return { body: { revoked: await deleteUserSessions(sql, params.user_id) } };
      },
    }),
  ];
}
