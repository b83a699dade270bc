// Typed wrappers over sessions.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, one } from '../../platform/db/query.ts';
import text from './sessions.sql';

const q = namedQueries(text, ['insertSession', 'findSession', 'deleteSession', 'deleteUserSessions', 'deleteExpiredSessions']);

/** A guild the user was in when they logged in. */
export interface ManagedGuild {
  id: string;
  name: string;
  icon: string | null;
  /** Whether they could manage it then; false: kept for the dashboard roles of its settings.
   *  Absent in sessions from before those roles, which kept managed guilds only. */
  manages?: boolean;
}

/** A row of `sessions`. */
export interface Session {
  id_hash: string;
  user_id: string;
  user_name: string;
  avatar: string | null;
  guilds: ManagedGuild[];
  /** Started with the API token: a global admin, whatever ADMIN_USER_IDS says. */
  is_global_admin: boolean;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export interface NewSession {
  id_hash: string;
  user_id: string;
  user_name: string;
  avatar: string | null;
  guilds: ManagedGuild[];
  ttl_hours: number;
  is_global_admin?: boolean;
}

export async function insertSession(sql: Sql, session: NewSession): Promise<Session> {
  return (await one<Session>(sql, q.insertSession, [
    session.id_hash,
    session.user_id,
    session.user_name,
    session.avatar,
    session.guilds,
    session.ttl_hours,
    session.is_global_admin ?? false,
  ])) as Session;
}

/** The live (unexpired) session with this id hash, if any. */
export async function findSession(sql: Sql, idHash: string): Promise<Session | undefined> {
  return one(sql, q.findSession, [idHash]);
}

export async function deleteSession(sql: Sql, idHash: string): Promise<void> {
  await exec(sql, q.deleteSession, [idHash]);
}

/** Revokes every session of a user; returns how many there were. */
export async function deleteUserSessions(sql: Sql, userId: string): Promise<number> {
  return exec(sql, q.deleteUserSessions, [userId]);
}

export async function deleteExpiredSessions(sql: Sql): Promise<void> {
  await exec(sql, q.deleteExpiredSessions);
}
