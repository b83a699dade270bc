// Where the bot gets custom commands: the database in-process (`all`), or the API (`bot` with
// API_URL). Either way each guild's list is cached for a short while and dropped on a change; when
// the source fails, the last list known is served rather than nothing.
import type { ChangeActor } from '../../../features/audit/queries.ts';
import type { CommandChanges, CustomCommand, NewCommand } from '../data/queries.ts';

/** The few operations the bot needs; the database and the API client both provide them. */
export interface CommandSource {
  /** The guild's own commands and the global ones (`null`: the global ones only). */
  listForGuild(guildId: string | null): Promise<CustomCommand[]>;
  /** Those of `guildIds` with a slash or context-menu command of their own, straight from the source. */
  guildsWithApplicationCommands(guildIds: readonly string[]): Promise<string[]>;
  /** `actor`: who asks, for the command's history and the audit log (default: the API token). */
  create(input: NewCommand, actor?: ChangeActor): Promise<CustomCommand>;
  update(id: string, changes: CommandChanges, actor?: ChangeActor): Promise<CustomCommand>;
  /** A soft delete: restorable for 30 days through the API. */
  remove(id: string, actor?: ChangeActor): Promise<CustomCommand>;
}

export interface CommandStore extends CommandSource {
  /** The command `name` (or with that alias) seen from `guildId`: the guild's own before a global one. */
  find(guildId: string | null, name: string): Promise<CustomCommand | undefined>;
  /** Forgets cached lists: one guild's, or every guild's when the change was to a global command. */
  invalidate(guildId: string | null): void;
  /** Counts a use in the cached copy, so `{uses}` moves before the next reload. */
  countUse(command: CustomCommand): void;
  /** Told after every invalidate(), e.g. to register the guild's slash commands again. */
  onChange(listener: (guildId: string | null) => void): void;
}

export interface StoreOptions {
  ttlMs: number;
  /** Told when a failed load was answered from the last list known. */
  onStale?: (error: unknown) => void;
  now?: () => number;
}

interface Entry {
  at: number;
  commands?: CustomCommand[];
  loading?: Promise<CustomCommand[]>;
  /** Bumped by invalidate(), so a load that started before a change does not store old data. */
  version: number;
}

/** Wraps `source` with a per-guild cache. */
export function createCommandStore(source: CommandSource, { ttlMs, onStale, now = Date.now }: StoreOptions): CommandStore {
  const cache = new Map<string, Entry>();
  const listeners: ((guildId: string | null) => void)[] = [];
  const keyOf = (guildId: string | null) => guildId ?? '';

  const listForGuild = (guildId: string | null): Promise<CustomCommand[]> => {
    const key = keyOf(guildId);
    const entry = cache.get(key) ?? { at: 0, version: 0 };
    cache.set(key, entry);
    if (entry.commands && now() - entry.at < ttlMs) return Promise.resolve(entry.commands);
    if (entry.loading) return entry.loading;
    const version = entry.version;
    const loading = source.listForGuild(guildId).then(
      (commands) => {
        if (entry.version === version) Object.assign(entry, { at: now(), commands });
        // A change landed during the load: reload next time, but keep this as the last list known.
        else entry.commands = commands;
        entry.loading = undefined;
        return commands;
      },
      (error: unknown) => {
        entry.loading = undefined;
        if (!entry.commands) throw error;
        onStale?.(error);
        return entry.commands;
      },
    );
    entry.loading = loading;
    return loading;
  };

  const invalidate = (guildId: string | null) => {
    // A global command is visible in every guild, so its change ages every list.
    const entries = guildId === null ? [...cache.values()] : [cache.get(keyOf(guildId))];
    for (const entry of entries) {
      if (!entry) continue;
      entry.at = 0;
      entry.loading = undefined;
      entry.version++;
    }
    for (const listener of listeners) listener(guildId);
  };

  const afterChange = (command: CustomCommand) => {
    invalidate(command.guild_id);
    return command;
  };

  return {
    listForGuild,
    async find(guildId, name) {
      return byName(await listForGuild(guildId)).get(name.toLowerCase());
    },
    create: async (input, actor) => afterChange(await source.create(input, actor)),
    update: async (id, changes, actor) => afterChange(await source.update(id, changes, actor)),
    remove: async (id, actor) => afterChange(await source.remove(id, actor)),
    invalidate,
    countUse(command) {
      command.use_count = String(Number(command.use_count) + 1);
    },
    guildsWithApplicationCommands: (guildIds) => source.guildsWithApplicationCommands(guildIds),
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

/** Each cached list's commands by name and alias, built at its first lookup (a new list, a new index). */
const indexes = new WeakMap<readonly CustomCommand[], Map<string, CustomCommand>>();

/** A guild's own command wins over a global one of the same name; otherwise the first in the list. */
function byName(commands: readonly CustomCommand[]): Map<string, CustomCommand> {
  let index = indexes.get(commands);
  if (index) return index;
  index = new Map();
  for (const command of commands) {
    for (const key of [command.name, ...command.aliases]) {
      const held = index.get(key);
      if (!held || (held.guild_id === null && command.guild_id !== null)) index.set(key, command);
    }
  }
  indexes.set(commands, index);
  return index;
}
