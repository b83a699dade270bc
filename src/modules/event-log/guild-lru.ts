// A cache bounded per guild and in all, evicting the least recently written entry: one guild's flood
// of messages cannot push every other guild's out, and the whole stays within a known size.
// Every operation is O(1): Maps and Sets iterate in insertion order, so the first key is the oldest.

interface Slot<V> {
  guildId: string;
  value: V;
}

export class GuildLru<V> {
  readonly #perGuild: number;
  readonly #max: number;
  readonly #all = new Map<string, Slot<V>>();
  readonly #byGuild = new Map<string, Set<string>>();

  /** `key` must be unique across guilds (a message id, or guild and user together). */
  constructor({ perGuild, max }: { perGuild: number; max: number }) {
    this.#perGuild = perGuild;
    this.#max = max;
  }

  get size(): number {
    return this.#all.size;
  }

  sizeOf(guildId: string): number {
    return this.#byGuild.get(guildId)?.size ?? 0;
  }

  get(key: string): V | undefined {
    return this.#all.get(key)?.value;
  }

  /** Stores `value` as the most recent entry, then evicts past the bounds. */
  set(guildId: string, key: string, value: V): void {
    if (this.#perGuild === 0 || this.#max === 0) return;
    this.delete(key);
    this.#all.set(key, { guildId, value });
    let keys = this.#byGuild.get(guildId);
    if (!keys) {
      keys = new Set();
      this.#byGuild.set(guildId, keys);
    }
    keys.add(key);
    if (keys.size > this.#perGuild) this.delete(keys.values().next().value as string);
    if (this.#all.size > this.#max) this.delete(this.#all.keys().next().value as string);
  }

  /** Removes the entry, returning its value. */
  delete(key: string): V | undefined {
    const slot = this.#all.get(key);
    if (!slot) return undefined;
    this.#all.delete(key);
    const keys = this.#byGuild.get(slot.guildId);
    keys?.delete(key);
    if (keys?.size === 0) this.#byGuild.delete(slot.guildId);
    return slot.value;
  }

  /** Forgets a guild's entries (its logging was turned off). */
  clearGuild(guildId: string): void {
    for (const key of this.#byGuild.get(guildId) ?? []) this.#all.delete(key);
    this.#byGuild.delete(guildId);
  }

  /** Removes every entry `matches` selects; returns how many went. */
  deleteWhere(matches: (value: V) => boolean): number {
    let removed = 0;
    for (const [key, slot] of this.#all) {
      if (!matches(slot.value)) continue;
      this.delete(key);
      removed++;
    }
    return removed;
  }
}
