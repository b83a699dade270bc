// A copy per guild of something read often and changed rarely (its settings, its modules), dropped
// the moment a change is announced; the TTL only bounds how stale a copy can get while announcements
// cannot arrive. When the source fails, the last copy known is served, else the fallback, so the bot
// keeps answering through a database or API outage.

export interface GuildCache<T> {
  get(guildId: string): Promise<T>;
  /** Forgets one guild's copy (`null`: every guild's, after announcements may have been missed). */
  invalidate(guildId: string | null): void;
}

export interface GuildCacheOptions<T> {
  ttlMs: number;
  /** What a guild gets when the source fails and no copy was ever loaded. */
  fallback(guildId: string): T;
  /** Told when a failed load was answered from the last copy known (or the fallback). */
  onStale?: (error: unknown) => void;
  now?: () => number;
}

interface Entry<T> {
  at: number;
  value?: T;
  loading?: Promise<T> | undefined;
  /** Bumped by invalidate(), so a load that started before a change does not store old data. */
  version: number;
}

export function createGuildCache<T>(load: (guildId: string) => Promise<T>, { ttlMs, fallback, onStale, now = Date.now }: GuildCacheOptions<T>): GuildCache<T> {
  const cache = new Map<string, Entry<T>>();
  return {
    get(guildId) {
      let entry = cache.get(guildId);
      if (!entry) {
        entry = { at: 0, version: 0 };
        cache.set(guildId, entry);
      }
      if (entry.value !== undefined && now() - entry.at < ttlMs) return Promise.resolve(entry.value);
      if (entry.loading) return entry.loading;
      const current = entry;
      const version = current.version;
      const loading = load(guildId).then(
        (value) => {
          if (current.version === version) Object.assign(current, { at: now(), value, loading: undefined });
          return value;
        },
        (error: unknown) => {
          if (current.version === version) current.loading = undefined;
          onStale?.(error);
          return current.value ?? fallback(guildId);
        },
      );
      current.loading = loading;
      return loading;
    },
    invalidate(guildId) {
      for (const entry of guildId === null ? cache.values() : [cache.get(guildId)]) {
        if (!entry) continue;
        entry.at = 0;
        entry.loading = undefined;
        entry.version++;
      }
    },
  };
}
