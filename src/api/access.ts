// Who is calling and what they may touch. One `authenticate` accepts the API token (a global admin,
// for scripts) or a dashboard session cookie (a Discord user, with the guilds they may use now: read
// for a GET, edit for a change).
import type { IncomingHttpHeaders } from 'node:http';
import { isSafeMethod, isSameOrigin } from '../features/auth/csrf.ts';
import { publicOrigin, untrustedHostMessage } from '../features/auth/public-url.ts';
import { hasSessionCookie, readSession } from '../features/auth/sessions.ts';
import type { Sql } from '../platform/db/connect.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { requireBearer } from '../platform/http/auth.ts';
import type { AuthFailureGuard } from '../platform/http/auth-failures.ts';
import { HttpError } from '../platform/http/problem.ts';
import type { RequestContext } from '../platform/http/router.ts';
import type { AccessibleGuild, GuildAccess, GuildAccessLevel } from './guild-access.ts';

export type Principal =
  | { kind: 'token'; isGlobalAdmin: true }
  | {
      kind: 'session';
      /** The session's stored id (a hash of the cookie's): what its limits are counted by. */
      sessionId: string;
      userId: string;
      userName: string;
      avatar: string | null;
      /** The guilds the user may use now, each read-only or editable (api/guild-access.ts). */
      guilds: AccessibleGuild[];
      /** What this request needs in a guild: read for GET and HEAD, edit for anything else. */
      need: GuildAccessLevel;
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

/** True when the caller may do what this request needs (read, or edit) in `guildId`. */
export function canAccessGuild(principal: Principal, guildId: string): boolean {
  return accessIn(principal, guildId) === 'allowed';
}

/** allowed; read-only (may look, not change); or none. */
function accessIn(principal: Principal, guildId: string): 'allowed' | 'read-only' | 'none' {
  if (principal.isGlobalAdmin) return 'allowed';
  if (principal.kind !== 'session') return 'none';
  const guild = principal.guilds.find((g) => g.id === guildId);
  if (!guild) return 'none';
  return guild.access === 'edit' || principal.need === 'read' ? 'allowed' : 'read-only';
}

/**
 * True for a global admin, and for the guild's owner or a member with Manage Server or Administrator
 * now (api/guild-access.ts): not for one whose access comes from a dashboard role.
 */
export function managesGuild(principal: Principal, guildId: string): boolean {
  if (principal.isGlobalAdmin) return true;
  return principal.kind === 'session' && principal.guilds.some((g) => g.id === guildId && g.manages);
}

function readOnly(guildId: string): AppError {
  return new AppError('forbidden', 'GUILD_READ_ONLY', `you have read-only access to guild ${guildId}: changes need Manage Server, Administrator or one of its dashboard edit roles`);
}

/**
 * Checks the scope of a request: a guild id the caller may read (a GET) or edit (a change) now, or,
 * for `null` (global commands, or every guild at once), a global admin. Throws forbidden otherwise.
 */
export function requireScope(principal: Principal, guildId: string | null | undefined): void {
  if (principal.isGlobalAdmin) return;
  if (guildId === null || guildId === undefined) {
    throw new AppError('forbidden', 'GLOBAL_ADMIN_REQUIRED', 'only global admins may act on global commands or on every guild at once; give a guild_id you manage');
  }
  const access = accessIn(principal, guildId);
  if (access === 'read-only') throw readOnly(guildId);
  if (access === 'none') throw new AppError('forbidden', 'GUILD_FORBIDDEN', `you need Manage Server, Administrator or one of its dashboard roles in guild ${guildId}`);
}

/**
 * For a thing found by its id: throws `notFound()` unless the caller may see its guild (`null`:
 * global, for global admins), so another guild's id answers exactly as a missing one and ids cannot
 * be probed; a read-only user's change is a 403 (they can see it exists anyway).
 */
export function requireVisible(principal: Principal, guildId: string | null, notFound: () => AppError): void {
  if (principal.isGlobalAdmin) return;
  const access = guildId === null ? 'none' : accessIn(principal, guildId);
  if (access === 'read-only') throw readOnly(guildId ?? '');
  if (access === 'none') throw notFound();
}

/** Throws 403 unless the caller is a global admin (the API token or ADMIN_USER_IDS). */
export function requireGlobalAdmin(principal: Principal, action: string): void {
  if (!principal.isGlobalAdmin) throw new AppError('forbidden', 'GLOBAL_ADMIN_REQUIRED', `only global admins may ${action}`);
}
