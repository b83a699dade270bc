// Typed wrappers over guild-settings.sql.

import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { many, one } from '../../platform/db/query.ts';
import text from './guild-settings.sql';

const q = namedQueries(text, ['getGuildSettings', 'insertGuildSettings', 'updateGuildSettings', 'listDashboardRoles']);

/** A guild's settings (a row of `guild_settings`); `prefix` and `time_zone` null mean the installation's defaults. */
export interface GuildSettings {
  guild_id: string;
  prefix: string | null;
  disabled_commands: string[];
  time_zone: string | null;
  viewer_role_ids: string[];
  editor_role_ids: string[];
  /** 0 until the first change (no row yet). */
  version: number;
  updated_at: Date | string | null;
  updated_by: string | null;
}

/** What a change writes: every setting, plus who made it. */
export type SettingsRow = Pick<GuildSettings, 'prefix' | 'disabled_commands' | 'time_zone' | 'viewer_role_ids' | 'editor_role_ids' | 'updated_by'>;

/** The guild's stored settings; undefined until it changed any. */
export function getGuildSettings(sql: Sql, guildId: string): Promise<GuildSettings | undefined> {
  return one(sql, q.getGuildSettings, [guildId]);
}

/** Writes the settings over `version` (0: the guild has no row yet); undefined when another change came first. */
export function writeGuildSettings(sql: Sql, guildId: string, version: number, row: SettingsRow): Promise<GuildSettings | undefined> {
  const params = [guildId, row.prefix, row.disabled_commands, row.time_zone, row.viewer_role_ids, row.editor_role_ids, row.updated_by];
  return version === 0 ? one(sql, q.insertGuildSettings, params) : one(sql, q.updateGuildSettings, [...params, version]);
}

/** The dashboard roles of those of `guildIds` that gave any, by guild id. */
export async function listDashboardRoles(sql: Sql, guildIds: readonly string[]): Promise<Map<string, Pick<GuildSettings, 'viewer_role_ids' | 'editor_role_ids'>>> {
  if (guildIds.length === 0) return new Map();
  const rows = await many<Pick<GuildSettings, 'guild_id' | 'viewer_role_ids' | 'editor_role_ids'>>(sql, q.listDashboardRoles, [guildIds]);
  return new Map(rows.map((row) => [row.guild_id, row]));
}
