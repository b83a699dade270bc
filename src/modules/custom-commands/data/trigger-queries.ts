// Typed wrappers over command-triggers.sql.

import type { Sql } from '../../../platform/db/connect.ts';
import { namedQueries } from '../../../platform/db/named-queries.ts';
import { exec, many } from '../../../platform/db/query.ts';
import text from './command-triggers.sql';
import type { CommandTrigger } from './queries.ts';

const q = namedQueries(text, ['lockNamespaceTriggers', 'listNamespaceTriggers']);

/** Makes other transactions that call this for the same guild wait until this one ends. */
export async function lockNamespaceTriggers(sql: Sql, guildId: string | null): Promise<void> {
  await exec(sql, q.lockNamespaceTriggers, [guildId]);
}

/** The triggers of the live commands of `guildId` (NULL: the global commands). */
export function listNamespaceTriggers(sql: Sql, guildId: string | null): Promise<{ id: string; trigger: CommandTrigger }[]> {
  return many(sql, q.listNamespaceTriggers, [guildId]);
}
