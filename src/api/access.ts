// Who is calling and what they may touch. One `authenticate` accepts the API token (a global admin,
// for scripts) or a dashboard session cookie (a Discord user, with the guilds they may use now: read
// for a GET, edit for a change).
import type { IncomingHttpHeaders } from 'node:http';
import { isSafeMethod, isSameOrigin } from '../features/auth/csrf.ts';
import { publicOrigin, untrustedHostMessage } from '../features/auth/public-url.ts';
import { hasSessionCookie, readSession } from '../features/auth/sessions.ts';
import type { Principal } from '../module-kit/principal.ts';
import type { Sql } from '../platform/db/connect.ts';
import { requireBearer } from '../platform/http/auth.ts';
import type { AuthFailureGuard } from '../platform/http/auth-failures.ts';
import { HttpError } from '../platform/http/problem.ts';
import type { RequestContext } from '../platform/http/router.ts';
import type { GuildAccess } from './guild-access.ts';

export interface AccessOptions {
  sql: Sql;
  apiToken: string;
  adminUserIds: readonly string[];
  publicUrl: string | undefined;
  /** Limits failed authentications per client address; unset: no limit. */
  failures?: AuthFailureGuard | undefined;
  /** Checks a session's guilds against current roles; unset: the guilds managed at login, editable. */
  guildAccess?: GuildAccess | undefined;
}

/** Builds the check every non-public /api route runs; the mount hands its answer to the handler. */
export function createAuthenticate(options: AccessOptions): (ctx: RequestContext) => Promise<Principal> {
  return (ctx) => identify(ctx, options);
}

/**
 * Finds the caller: the bearer token if one is sent, else the session cookie; 401 when neither works,
 * 429 when the caller's address has failed too often (requests without credentials are not counted).
 */
export async function identify(ctx: RequestContext, options: AccessOptions): Promise<Principal> {
  const hasCredentials = ctx.headers.authorization !== undefined || hasSessionCookie(ctx.headers);
  if (!options.failures || !hasCredentials) return identifyOnce(ctx, options);
  options.failures.check(ctx);
  try {
    return await identifyOnce(ctx, options);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) options.failures.failed(ctx);
    throw error;
  }
}

async function identifyOnce(ctx: RequestContext, options: AccessOptions): Promise<Principal> {
  const { headers } = ctx;
  if (headers.authorization !== undefined || !hasSessionCookie(headers)) {
    requireBearer(headers, options.apiToken);
    return { kind: 'token', isGlobalAdmin: true };
  }
  const session = await readSession(options.sql, headers);
  if (!session) throw new HttpError(401, 'SESSION_EXPIRED', 'your session has ended; log in again at /auth/login');
  assertSameOrigin(ctx.method, headers, options.publicUrl);
  const guilds = options.guildAccess
    ? await options.guildAccess(session.user_id, session.guilds)
    : session.guilds.filter((g) => g.manages !== false).map((g) => ({ ...g, access: 'edit' as const, manages: true }));
  return {
    kind: 'session',
    sessionId: session.id_hash,
    userId: session.user_id,
    userName: session.user_name,
    avatar: session.avatar,
    guilds,
    need: isSafeMethod(ctx.method) ? 'read' : 'edit',
    isGlobalAdmin: session.is_global_admin || options.adminUserIds.includes(session.user_id),
  };
}

/** A cookie-authenticated request that changes data must come from the dashboard's own origin. */
export function assertSameOrigin(method: string, headers: IncomingHttpHeaders, publicUrl: string | undefined): void {
  if (isSafeMethod(method)) return;
  const origin = publicOrigin(publicUrl, headers);
  if (!origin) throw new HttpError(400, 'PUBLIC_URL_REQUIRED', untrustedHostMessage(headers.host).replaceAll('`', ''));
  if (isSameOrigin(headers, origin)) return;
  throw new HttpError(403, 'CROSS_ORIGIN_REQUEST', `a ${method} with a session cookie must come from the dashboard's own origin`);
}
