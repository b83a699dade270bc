// Changes as PostgreSQL announces them: the triggers of migrations 00008, 00009 and 00011 NOTIFY in
// the writing transaction (custom commands, command logs, guild settings, guild modules), and every
// process LISTENing hears of each commit at once. Channel names end in `:<schema>`, so two Concords
// sharing a database (or two test files) hear only their own.
import type { Sql } from './connect.ts';

export const COMMAND_CHANGES_CHANNEL = 'concord_command_changes';
export const LOGS_INSERTED_CHANNEL = 'concord_logs_inserted';
/** Migration 00009: a guild's settings changed (payload: its guild id). */
export const SETTINGS_CHANGES_CHANNEL = 'concord_settings_changes';
/** Migration 00011: a guild's modules changed (payload: its guild id). */
export const MODULE_CHANGES_CHANNEL = 'concord_module_changes';

export interface ChangeListeners {
  /** A guild's custom commands changed (`null`: a global command, or the listening connection came
   *  back, after which any change may have been missed). */
  onCommandChange(guildId: string | null): void;
  /** Command log rows were stored for these guilds (`null` in the list: rows without a guild;
   *  the list itself `null`: too many guilds to name). */
  onLogsInserted(guildIds: (string | null)[] | null): void;
  /** A guild's settings changed (`null`: the listening connection came back, any may have). */
  onSettingsChange?(guildId: string | null): void;
  /** A guild's modules changed (`null`: the listening connection came back, any may have). */
  onModuleChange?(guildId: string | null): void;
}

/** LISTENs on the channels of this schema (one connection); resolves once listening. */
export async function listenForChanges(sql: Sql, listeners: ChangeListeners): Promise<{ unlisten(): Promise<void> }> {
  // The triggers name the tables' schema in the channel: the one this connection works in.
  const [row] = await sql<{ schema: string }[]>`select current_schema() as schema`;
  const suffix = `:${row?.schema ?? 'public'}`;
  let connected = false;
  // Cut as the triggers cut them: a channel name has at most 63 characters.
  const commands = await sql.listen(
    (COMMAND_CHANGES_CHANNEL + suffix).slice(0, 63),
    (payload) => listeners.onCommandChange(payload === '' ? null : payload),
    () => {
      if (connected) listeners.onCommandChange(null);
      connected = true;
    },
  );
  const logs = await sql.listen((LOGS_INSERTED_CHANNEL + suffix).slice(0, 63), (payload) =>
    listeners.onLogsInserted(payload === '*' ? null : payload.split(',').map((id) => (id === '' ? null : id))),
  );
  let settingsConnected = false;
  const settings = await sql.listen(
    (SETTINGS_CHANGES_CHANNEL + suffix).slice(0, 63),
    (payload) => listeners.onSettingsChange?.(payload),
    () => {
      if (settingsConnected) listeners.onSettingsChange?.(null);
      settingsConnected = true;
    },
  );
  let modulesConnected = false;
  const modules = await sql.listen(
    (MODULE_CHANGES_CHANNEL + suffix).slice(0, 63),
    (payload) => listeners.onModuleChange?.(payload),
    () => {
      if (modulesConnected) listeners.onModuleChange?.(null);
      modulesConnected = true;
    },
  );
  return {
    async unlisten() {
      await Promise.all([commands.unlisten(), logs.unlisten(), settings.unlisten(), modules.unlisten()]);
    },
  };
}
