// Who is calling and what they may touch. One `authenticate` accepts the API token (a global admin,
// for scripts) or a dashboard session cookie (a Discord user, with the guilds they manage).
import type { IncomingHttpHeaders } from 'node:http';
import { isSafeMethod, isSameOrigin } from '../auth/csrf.ts';
import { publicOrigin, untrustedHostMessage } from '../auth/public-url.ts';
import { hasSessionCookie, readSession } from '../auth/sessions.ts';
import type { Sql } from '../db/connect.ts';
import type { ManagedGuild } from '../db/sessions.ts';
import { AppError } from '../errors/app-error.ts';
import { requireBearer } from '../http/auth.ts';
import { HttpError } from '../http/problem.ts';
import type { RequestContext } from '../http/router.ts';
import type { AuthFailureGuard } from './auth-failures.ts';

export type Principal =
  | { kind: 'token'; isGlobalAdmin: true }
  | {
      kind: 'session';
      userId: string;
      userName: string;
      avatar: string | null;
      /** Guilds where Discord said the user has Manage Server or Administrator, at login. */
      guilds: ManagedGuild[];
      /** Listed in ADMIN_USER_IDS. */
      isGlobalAdmin: boolean;
    };

export interface AccessOptions {
  sql: Sql;
  apiToken: string;
  adminUserIds: readonly string[];
  publicUrl: string | undefined;
  /** Limits failed authentications per client address; unset: no limit. */
  failures?: AuthFailureGuard | undefined;
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
  return {
    kind: 'session',
    userId: session.user_id,
    userName: session.user_name,
    avatar: session.avatar,
    guilds: session.guilds,
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

/** True when the caller may manage `guildId`'s commands and logs. */
export function canAccessGuild(principal: Principal, guildId: string): boolean {
  return principal.isGlobalAdmin || (principal.kind === 'session' && principal.guilds.some((g) => g.id === guildId));
}

/**
 * Checks the scope of a request: a guild id the caller manages, or, for `null` (global commands, or
 * every guild at once), a global admin. Throws 403 otherwise.
 */
export function requireScope(principal: Principal, guildId: string | null | undefined): void {
  if (principal.isGlobalAdmin) return;
  if (guildId === null || guildId === undefined) {
    throw new AppError('forbidden', 'GLOBAL_ADMIN_REQUIRED', 'only global admins may act on global commands or on every guild at once; give a guild_id you manage');
  }
  if (!canAccessGuild(principal, guildId)) {
    throw new AppError('forbidden', 'GUILD_FORBIDDEN', `you need Manage Server or Administrator in guild ${guildId}`);
  }
}

/**
 * For a thing found by its id: throws `notFound()` unless the caller may manage its guild (`null`:
 * global, for global admins), so another guild's id answers exactly as a missing one and ids cannot
 * be probed.
 */
export function requireVisible(principal: Principal, guildId: string | null, notFound: () => AppError): void {
  if (principal.isGlobalAdmin) return;
  if (guildId === null || !canAccessGuild(principal, guildId)) throw notFound();
}

/** Throws 403 unless the caller is a global admin (the API token or ADMIN_USER_IDS). */
export function requireGlobalAdmin(principal: Principal, action: string): void {
  if (!principal.isGlobalAdmin) throw new AppError('forbidden', 'GLOBAL_ADMIN_REQUIRED', `only global admins may ${action}`);
}
