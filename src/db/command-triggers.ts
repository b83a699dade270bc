// Typed wrappers over sql/command-triggers.sql.
import text from '../../sql/command-triggers.sql';
import type { CommandTrigger } from './commands.ts';
import type { Sql } from './connect.ts';
import { namedQueries } from './named-queries.ts';

const q = namedQueries(text, ['lockNamespaceTriggers', 'listNamespaceTriggers']);

/** Makes other transactions that call this for the same guild wait until this one ends. */
export async function lockNamespaceTriggers(sql: Sql, guildId: string | null): Promise<void> {
  await sql.unsafe(q.lockNamespaceTriggers, [guildId]);
}

/** The triggers of the live commands of `guildId` (NULL: the global commands). */
export function listNamespaceTriggers(sql: Sql, guildId: string | null): Promise<{ id: string; trigger: CommandTrigger }[]> {
  return sql.unsafe(q.listNamespaceTriggers, [guildId]);
}
