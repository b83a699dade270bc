// The changes modules make in a process, told by module name to the parts of that process which keep
// a copy of the data (the bot's caches, copies shared on Redis): the composition root subscribes them,
// so a module's API route drops those copies at once, without naming who holds them.

/** A guild whose data changed (`null`: data of no guild, such as a global command, which every guild sees). */
export type ChangeListener = (guildId: string | null) => void;

export interface ModuleChanges {
  /** Tells `module`'s listeners that some of a guild's data changed; a listener that throws reaches the caller. */
  publish(module: string, guildId: string | null): void;
  subscribe(module: string, listener: ChangeListener): void;
}

export function createModuleChanges(): ModuleChanges {
  const listeners = new Map<string, ChangeListener[]>();
  return {
    publish(module, guildId) {
      for (const listener of listeners.get(module) ?? []) listener(guildId);
    },
    subscribe(module, listener) {
      listeners.set(module, [...(listeners.get(module) ?? []), listener]);
    },
  };
}
