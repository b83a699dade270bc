// Typed wrappers over guild-modules.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import text from './guild-modules.sql';

const q = namedQueries(text, ['listModulesOfGuilds', 'getGuildModule', 'insertGuildModule', 'updateGuildModule', 'listModuleMigrations', 'recordModuleMigration']);

/** A guild's switch and settings for one module (a row of `guild_modules`). */
export interface GuildModule {
  guild_id: string;
  module: string;
  /** null: the module's default. */
  enabled: boolean | null;
  /** Only what the guild set; the module's defaults fill in the rest. */
  settings: Record<string, unknown>;
  /** 0 until the first change (no row yet). */
  version: number;
  updated_at: Date | string | null;
  updated_by: string | null;
}

/** The rows of every guild of `guildIds` (one query for a burst of guilds). */
export function listModulesOfGuilds(sql: Sql, guildIds: readonly string[]): Promise<GuildModule[]> {
  return many(sql, q.listModulesOfGuilds, [guildIds]);
}

export function getGuildModule(sql: Sql, guildId: string, module: string): Promise<GuildModule | undefined> {
  return one(sql, q.getGuildModule, [guildId, module]);
}

/** Writes over `version` (0: no row yet); undefined when another change came first. */
export function writeGuildModule(sql: Sql, row: Pick<GuildModule, 'guild_id' | 'module' | 'enabled' | 'settings' | 'updated_by'>, version: number): Promise<GuildModule | undefined> {
  const params = [row.guild_id, row.module, row.enabled, row.settings, row.updated_by];
  return version === 0 ? one(sql, q.insertGuildModule, params) : one(sql, q.updateGuildModule, [...params, version]);
}

/** Names of the module's migration steps that have run. */
export async function listModuleMigrations(sql: Sql, module: string): Promise<Set<string>> {
  const rows = await many<{ name: string }>(sql, q.listModuleMigrations, [module]);
  return new Set(rows.map((row) => row.name));
}

export function recordModuleMigration(sql: Sql, module: string, name: string): Promise<number> {
  return exec(sql, q.recordModuleMigration, [module, name]);
}
