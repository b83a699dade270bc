// Typed wrappers over sql/command-triggers.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import text from './command-triggers.sql';
import type { CommandTrigger } from './queries.ts';

const q = namedQueries(text, ['lockNamespaceTriggers', 'listNamespaceTriggers']);

/** Makes other transactions that call this for the same guild wait until this one ends. */
export async function lockNamespaceTriggers(sql: Sql, guildId: string | null): Promise<void> {
  await sql.unsafe(q.lockNamespaceTriggers, [guildId]);
}

/** The triggers of the live commands of `guildId` (NULL: the global commands). */
export function listNamespaceTriggers(sql: Sql, guildId: string | null): Promise<{ id: string; trigger: CommandTrigger }[]> {
  return sql.unsafe(q.listNamespaceTriggers, [guildId]);
}
