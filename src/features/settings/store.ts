// Where the bot gets a server's settings: the database in-process, or the API (split `bot`), each
// guild's copy cached until a change is announced (NOTIFY, or the API's change stream).

import * as v from 'valibot';
import type { Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { createGuildCache } from '../../platform/guild-cache.ts';
import type { ChangeActor } from '../audit/queries.ts';
import type { GuildSettings } from './queries.ts';
import { defaultSettings, type SettingsChanges, SettingsChangesSchema } from './schema.ts';
import { changeSettings, loadSettings } from './service.ts';

export interface SettingsSource {
  get(guildId: string): Promise<GuildSettings>;
  /** Validates `changes` (invalid, naming each field) and applies them (a conflict on a stale version). */
  change(guildId: string, changes: unknown, actor: ChangeActor): Promise<GuildSettings>;
}

export interface SettingsStore extends SettingsSource {
  /** Forgets one guild's copy (`null`: every guild's, after announcements may have been missed). */
  invalidate(guildId: string | null): void;
}

export interface SettingsStoreOptions {
  ttlMs: number;
  /** Told when a failed load was answered from the last copy known (or the defaults). */
  onStale?: (error: unknown) => void;
  now?: () => number;
}

/** The data layer, in-process. */
export function sqlSettingsSource(sql: Sql): SettingsSource {
  return {
    get: (guildId) => loadSettings(sql, guildId),
    // The bot's `/settings` is for members with Manage Server only (its precondition).
    change: (guildId, changes, actor) => changeSettings(sql, guildId, validChanges(changes), actor, { managesGuild: true }),
  };
}

export function createSettingsStore(source: SettingsSource, { ttlMs, onStale, now }: SettingsStoreOptions): SettingsStore {
  const cache = createGuildCache(source.get, { ttlMs, fallback: defaultSettings, ...(onStale ? { onStale } : {}), ...(now ? { now } : {}) });
  return {
    get: cache.get,
    async change(guildId, changes, actor) {
      const changed = await source.change(guildId, changes, actor);
      cache.invalidate(guildId);
      return changed;
    },
    invalidate: cache.invalidate,
  };
}

/** The change as the API's PATCH would take it; each bad field named, as there, for the bot's reply. */
function validChanges(changes: unknown): SettingsChanges {
  const result = v.safeParse(SettingsChangesSchema, changes);
  if (result.success) return result.output;
  const fields = result.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '(body)', message: issue.message }));
  throw new AppError('invalid', 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
}
