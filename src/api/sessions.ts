// DELETE /api/users/:user_id/sessions: a global admin logs a user out everywhere.
import * as v from 'valibot';
import { Snowflake } from '../custom-commands/schema.ts';
import type { Sql } from '../db/connect.ts';
import { deleteUserSessions } from '../db/sessions.ts';
import { HttpError } from '../http/problem.ts';
import { principalOf, requireGlobalAdmin } from './access.ts';
import type { ApiRoute } from './route.ts';

export function sessionRoutes(sql: Sql): ApiRoute[] {
  return [
    {
      method: 'DELETE',
      path: '/api/users/:user_id/sessions',
      summary: 'Revoke every dashboard session of a user (global admins)',
      tag: 'auth',
      responses: {
        200: { description: 'how many sessions ended', schema: v.object({ revoked: v.number() }) },
        403: { description: 'not a global admin' },
      },
      async handler(ctx) {
        requireGlobalAdmin(principalOf(ctx), 'revoke sessions');
        const userId = ctx.params.user_id;
        if (!v.is(Snowflake, userId)) throw new HttpError(400, 'INVALID_USER_ID', `${JSON.stringify(userId)} is not a Discord user id`);
        return { body: { revoked: await deleteUserSessions(sql, userId) } };
      },
    },
  ];
}
