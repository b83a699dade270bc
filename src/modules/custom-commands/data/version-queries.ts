// Typed wrappers over command-versions.sql.

import type { ChangeSource } from '../../../features/audit/queries.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { namedQueries } from '../../../platform/db/named-queries.ts';
import { many, one } from '../../../platform/db/query.ts';
import text from './command-versions.sql';

const q = namedQueries(text, ['insertCommandVersion', 'listCommandVersions', 'getCommandVersion']);

export type VersionAction = 'create' | 'update' | 'delete' | 'restore';

/** Field name → its value before and after a change. */
export type FieldDiff = Record<string, { from: unknown; to: unknown }>;

/** A row of `command_versions`. */
export interface CommandVersion {
  id: string;
  command_id: string;
  version: number;
  action: VersionAction;
  snapshot: Record<string, unknown>;
  diff: FieldDiff;
  actor_id: string | null;
  source: ChangeSource;
  created_at: Date;
}

export interface NewCommandVersion {
  command_id: string;
  action: VersionAction;
  snapshot: Record<string, unknown>;
  diff: FieldDiff;
  actor_id: string | null;
  source: ChangeSource;
}

/** Appends the next version of a command; run it in the transaction that changed the command. */
export async function insertCommandVersion(sql: Sql, version: NewCommandVersion): Promise<CommandVersion> {
  return (await one<CommandVersion>(sql, q.insertCommandVersion, [
    version.command_id,
    version.action,
    version.snapshot,
    version.diff,
    version.actor_id,
    version.source,
  ])) as CommandVersion;
}

/** A command's versions, newest first. */
export function listCommandVersions(sql: Sql, commandId: string, limit: number): Promise<CommandVersion[]> {
  return many(sql, q.listCommandVersions, [commandId, limit]);
}

export async function getCommandVersion(sql: Sql, commandId: string, version: number): Promise<CommandVersion | undefined> {
  return one<CommandVersion>(sql, q.getCommandVersion, [commandId, version]);
}
