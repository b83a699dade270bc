// Where every process gets a guild's module rows: the database in-process, or the API (split `bot`),
// cached per guild until a change is announced (NOTIFY, or the API's change stream).

import { batched } from '../../platform/batch.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { createGuildCache, type GuildCache } from '../../platform/guild-cache.ts';
import { type GuildModule, listModulesOfGuilds } from './queries.ts';

/** A guild's rows by module name; a module the guild never changed has none. */
export type GuildModules = ReadonlyMap<string, GuildModule>;

export interface ModuleStateStore extends GuildCache<GuildModules> {
  /** Tells `listener` of each guild whose rows are dropped for a change (`null`: every guild's, after changes may have been missed); returns its unsubscribe. */
  onChange(listener: (guildId: string | null) => void): () => void;
}

export function createModuleStateStore(list: (guildId: string) => Promise<GuildModule[]>, options: { ttlMs: number; onStale?: (error: unknown) => void }): ModuleStateStore {
  const cache = createGuildCache(async (guildId) => new Map((await list(guildId)).map((row) => [row.module, row])), {
    ...options,
    // Without its rows a guild runs every module as its defaults say, rather than none.
    fallback: () => new Map(),
  });
  const listeners = new Set<(guildId: string | null) => void>();
  return {
    get: cache.get,
    invalidate(guildId) {
      cache.invalidate(guildId);
      for (const listener of listeners) listener(guildId);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The data layer, in-process: the guilds asked for within a couple of milliseconds (a burst of GUILD_CREATEs) in one query. */
export function sqlModuleRows(sql: Sql): (guildId: string) => Promise<GuildModule[]> {
  return batched(
    async (guildIds) => {
      const byGuild = new Map<string, GuildModule[]>();
      for (const row of await listModulesOfGuilds(sql, guildIds)) byGuild.set(row.guild_id, [...(byGuild.get(row.guild_id) ?? []), row]);
      return byGuild;
    },
    { empty: () => [], waitMs: 2 },
  );
}
