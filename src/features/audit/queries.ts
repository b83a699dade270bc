// Typed wrappers over audit.sql: the audit log of every change, whatever was changed.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { many, one } from '../../platform/db/query.ts';
import text from './audit.sql';

const q = namedQueries(text, ['insertAuditEntry', 'listAuditEntries']);

/** The door a change came through: the API token, a dashboard session, or a Discord command. */
export const CHANGE_SOURCES = ['api', 'dashboard', 'discord'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

/** Who made a change, and through which door. */
export interface ChangeActor {
  source: ChangeSource;
  /** The Discord user id; null for the API token. */
  user_id: string | null;
}

/** A row of `audit_log`. */
export interface AuditEntry {
  id: string;
  occurred_at: Date;
  guild_id: string | null;
  actor_id: string | null;
  source: ChangeSource;
  entity: string;
  entity_id: string;
  action: string;
  summary: string;
  diff: Record<string, unknown>;
}

export interface NewAuditEntry {
  guild_id: string | null;
  actor: ChangeActor;
  /** What kind of thing changed: 'command', 'schedule', 'setting'… */
  entity: string;
  entity_id: string;
  action: string;
  summary: string;
  diff: Record<string, unknown>;
}

export interface AuditFilter {
  guildId?: string | undefined;
  actorId?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Continue after this (occurred_at, id). */
  before?: [string, string] | undefined;
  limit: number;
}

/** Records one change; run it in the transaction that made the change, so neither exists alone. */
export async function insertAuditEntry(sql: Sql, entry: NewAuditEntry): Promise<AuditEntry> {
  return (await one<AuditEntry>(sql, q.insertAuditEntry, [
    entry.guild_id,
    entry.actor.user_id,
    entry.actor.source,
    entry.entity,
    entry.entity_id,
    entry.action,
    entry.summary,
    entry.diff,
  ])) as AuditEntry;
}

/** Audit entries, newest first. */
export function listAuditEntries(sql: Sql, f: AuditFilter): Promise<AuditEntry[]> {
  return many(sql, q.listAuditEntries, [
    f.guildId ?? null,
    f.actorId ?? null,
    f.entity ?? null,
    f.entityId ?? null,
    f.action ?? null,
    f.since ?? null,
    f.until ?? null,
    f.before?.[0] ?? null,
    f.before?.[1] ?? null,
    f.limit,
  ]);
}
