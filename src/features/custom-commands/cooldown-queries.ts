// Typed wrappers over sql/cooldowns.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import text from './cooldowns.sql';

const q = namedQueries(text, ['upsertCooldowns', 'listRunningCooldowns', 'deleteEndedCooldowns']);

export interface CooldownRow {
  key: string;
  expires_at: Date;
}

export async function upsertCooldowns(sql: Sql, rows: CooldownRow[]): Promise<void> {
  await sql.unsafe(q.upsertCooldowns, [rows.map((r) => r.key), rows.map((r) => r.expires_at.toISOString())]);
}

export function listRunningCooldowns(sql: Sql): Promise<CooldownRow[]> {
  return sql.unsafe(q.listRunningCooldowns);
}

export async function deleteEndedCooldowns(sql: Sql): Promise<void> {
  await sql.unsafe(q.deleteEndedCooldowns);
}
