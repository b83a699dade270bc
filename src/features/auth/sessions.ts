// Dashboard sessions: started after a Discord login, carried by an HttpOnly cookie, ended by logout,
// expiry, or an admin revoking them.
import type { IncomingHttpHeaders } from 'node:http';
import type { Sql } from '../../platform/db/connect.ts';
import { readCookie, serializeCookie } from './cookies.ts';
import { hashSessionId, newSessionId } from './session-id.ts';
import { deleteExpiredSessions, deleteSession, findSession, insertSession, type ManagedGuild, type Session } from './session-queries.ts';

export const SESSION_COOKIE = 'concord_session';

export interface SessionSettings {
  ttlHours: number;
  /** Mark cookies Secure (the dashboard is served over https). */
  secure: boolean;
}

export interface SessionUser {
  id: string;
  name: string;
  avatar: string | null;
  guilds: ManagedGuild[];
  /** A global admin by this login itself (the API token), not by ADMIN_USER_IDS. */
  isGlobalAdmin?: boolean;
}

/** Stores a new session for `user`; returns the Set-Cookie value that hands it to the browser. */
export async function startSession(sql: Sql, user: SessionUser, settings: SessionSettings): Promise<string> {
  const id = newSessionId();
  // Expired rows are dropped here, at login, rather than by a timer: logins are rare, rows are small.
  await deleteExpiredSessions(sql);
  await insertSession(sql, {
    id_hash: hashSessionId(id) as string,
    user_id: user.id,
    user_name: user.name,
    avatar: user.avatar,
    guilds: user.guilds,
    ttl_hours: settings.ttlHours,
    is_global_admin: user.isGlobalAdmin ?? false,
  });
  return serializeCookie(SESSION_COOKIE, id, { maxAge: settings.ttlHours * 3_600, secure: settings.secure });
}

/** The live session the request's cookie names, if any. */
export async function readSession(sql: Sql, headers: IncomingHttpHeaders): Promise<Session | undefined> {
  const hash = sessionHash(headers);
  return hash ? findSession(sql, hash) : undefined;
}

/** Deletes the request's session (if any); returns the Set-Cookie value that clears the cookie. */
export async function endSession(sql: Sql, headers: IncomingHttpHeaders, settings: SessionSettings): Promise<string> {
  const hash = sessionHash(headers);
  if (hash) await deleteSession(sql, hash);
  return serializeCookie(SESSION_COOKIE, '', { maxAge: 0, secure: settings.secure });
}

/** True when the request carries a session cookie at all (valid or not). */
export function hasSessionCookie(headers: IncomingHttpHeaders): boolean {
  return readCookie(headers.cookie, SESSION_COOKIE) !== undefined;
}

function sessionHash(headers: IncomingHttpHeaders): string | undefined {
  const id = readCookie(headers.cookie, SESSION_COOKIE);
  return id ? hashSessionId(id) : undefined;
}
