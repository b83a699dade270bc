// GET /api/me: who is calling, and which guilds they may use (read-only or edit). The dashboard starts here.
import * as v from 'valibot';
import { hasSessionCookie } from '../features/auth/sessions.ts';
import { type ApiRoute, publicRoute } from '../module-kit/api-route.ts';
import type { Principal } from '../module-kit/principal.ts';
import { HttpError } from '../platform/http/problem.ts';
import { type AccessOptions, identify } from './access.ts';

const Guild = v.object({
  id: v.string(),
  name: v.string(),
  icon_url: v.nullable(v.string()),
  /** read: may look at the guild's pages; edit: may also change things. */
  access: v.picklist(['read', 'edit']),
  /** May change who has dashboard access: the owner, Manage Server or Administrator, a global admin. */
  manages: v.boolean(),
});
export const Me = v.object({
  kind: v.picklist(['token', 'session']),
  user: v.nullable(v.object({ id: v.string(), name: v.string(), avatar_url: v.nullable(v.string()) })),
  is_global_admin: v.boolean(),
  guilds: v.array(Guild),
});

export function meRoutes(options: AccessOptions & { isLoginConfigured: boolean }): ApiRoute[] {
  return [
    publicRoute({
      method: 'GET',
      path: '/api/me',
      operationId: 'getMe',
      summary: 'The caller (API token or dashboard session) and the guilds they may use now, read-only or edit; 401 says how to log in',
      tag: 'auth',
      // Answers without credentials too, with a 401 whose code tells the dashboard whether login is set up.
      responses: {
        200: { description: 'the caller', schema: Me },
        401: { description: 'not logged in: code LOGIN_REQUIRED, or LOGIN_NOT_CONFIGURED when Discord login is off' },
        429: { description: 'too many failed authentications from this address; see Retry-After' },
        503: { description: 'the database is not reachable (a session is read from it), or the request timed out' },
      },
      async handler(ctx) {
        if (ctx.headers.authorization === undefined && !hasSessionCookie(ctx.headers)) {
          throw options.isLoginConfigured
            ? new HttpError(401, 'LOGIN_REQUIRED', 'log in with Discord at /auth/login, or send Authorization: Bearer <API_TOKEN>')
            : new HttpError(401, 'LOGIN_NOT_CONFIGURED', 'Discord login is not configured: set DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET');
        }
        return { headers: { 'cache-control': 'no-store' }, body: present(await identify(ctx, options)) };
      },
    }),
  ];
}

function present(principal: Principal): v.InferOutput<typeof Me> {
  if (principal.kind === 'token') return { kind: 'token', user: null, is_global_admin: true, guilds: [] };
  return {
    kind: 'session',
    user: { id: principal.userId, name: principal.userName, avatar_url: avatarUrl(principal.userId, principal.avatar) },
    is_global_admin: principal.isGlobalAdmin,
    guilds: principal.guilds.map((g) => ({ id: g.id, name: g.name, icon_url: g.icon ? `https://cdn.discordapp.com/icons/${g.id}/${g.icon}.png?size=64` : null, access: g.access, manages: principal.isGlobalAdmin || g.manages })),
  };
}

// https://discord.com/developers/docs/reference#image-formatting-cdn-endpoints
function avatarUrl(userId: string, avatar: string | null): string | null {
  return avatar ? `https://cdn.discordapp.com/avatars/${userId}/${avatar}.png?size=64` : null;
}
