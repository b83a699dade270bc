// Typed wrappers over cooldowns.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many } from '../../platform/db/query.ts';
import { isoTime } from '../../platform/time/iso.ts';
import text from './cooldowns.sql';

const q = namedQueries(text, ['upsertCooldowns', 'listRunningCooldowns', 'deleteEndedCooldowns']);

export interface CooldownRow {
  key: string;
  expires_at: Date;
}

export async function upsertCooldowns(sql: Sql, rows: CooldownRow[]): Promise<void> {
  await exec(sql, q.upsertCooldowns, [rows.map((r) => r.key), rows.map((r) => isoTime(r.expires_at))]);
}

export function listRunningCooldowns(sql: Sql): Promise<CooldownRow[]> {
  return many(sql, q.listRunningCooldowns);
}

export async function deleteEndedCooldowns(sql: Sql): Promise<void> {
  await exec(sql, q.deleteEndedCooldowns);
}
