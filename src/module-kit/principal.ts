// Who is calling an API route and what they may touch: the caller a route's handler gets, and the
// checks of a guild's scope against it (the API's authentication builds it: api/access.ts).

import { ACTOR_HEADER, actorOfRequest } from '../features/audit/actor.ts';
import type { ChangeActor } from '../features/audit/queries.ts';
import type { ManagedGuild } from '../features/auth/session-queries.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { RequestContext } from '../platform/http/router.ts';

export type GuildAccessLevel = 'read' | 'edit';

/** A guild of the session's, and what the user may do there. */
export interface AccessibleGuild extends ManagedGuild {
  access: GuildAccessLevel;
  /** Owner, Manage Server or Administrator now (as at login when Discord cannot be asked), not by a
   *  dashboard role: may also change who has dashboard access. */
  manages: boolean;
}

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

/** Who a request changes things as, for their history and the audit log. */
export function actorOf(ctx: RequestContext, principal: Principal): ChangeActor {
  const header = ctx.headers[ACTOR_HEADER];
  return actorOfRequest(principal, typeof header === 'string' ? header : undefined);
}
