// Where the bot gets a server's settings: the database in-process, or the API (split `bot`). Each
// guild's copy is cached and dropped the moment a change is announced (NOTIFY, or the API's change
// stream); the TTL only bounds how stale a copy can get while announcements cannot arrive. When the
// source fails, the last copy known is served, else the defaults, so the bot keeps answering.

import * as v from 'valibot';
import type { Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
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

interface Entry {
  at: number;
  settings?: GuildSettings;
  loading?: Promise<GuildSettings>;
  /** Bumped by invalidate(), so a load that started before a change does not store old data. */
  version: number;
}

export function createSettingsStore(source: SettingsSource, { ttlMs, onStale, now = Date.now }: SettingsStoreOptions): SettingsStore {
  const cache = new Map<string, Entry>();
  const invalidate = (guildId: string | null) => {
    for (const entry of guildId === null ? cache.values() : [cache.get(guildId)]) {
      if (!entry) continue;
      entry.at = 0;
      entry.loading = undefined;
      entry.version++;
    }
  };
  return {
    get(guildId) {
      const entry = cache.get(guildId) ?? { at: 0, version: 0 };
      cache.set(guildId, entry);
      if (entry.settings && now() - entry.at < ttlMs) return Promise.resolve(entry.settings);
      if (entry.loading) return entry.loading;
      const version = entry.version;
      const loading = source.get(guildId).then(
        (settings) => {
          if (entry.version === version) Object.assign(entry, { at: now(), settings, loading: undefined });
          return settings;
        },
        (error: unknown) => {
          if (entry.version === version) entry.loading = undefined;
          onStale?.(error);
          return entry.settings ?? defaultSettings(guildId);
        },
      );
      entry.loading = loading;
      return loading;
    },
    async change(guildId, changes, actor) {
      const changed = await source.change(guildId, changes, actor);
      invalidate(guildId);
      return changed;
    },
    invalidate,
  };
}

/** The change as the API's PATCH would take it; each bad field named, as there, for the bot's reply. */
function validChanges(changes: unknown): SettingsChanges {
  const result = v.safeParse(SettingsChangesSchema, changes);
  if (result.success) return result.output;
  const fields = result.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '(body)', message: issue.message }));
  throw new AppError('invalid', 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
}
