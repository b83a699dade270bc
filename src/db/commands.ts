// Typed wrappers over sql/commands.sql.
import text from '../../sql/commands.sql';
import type { Sql } from './connect.ts';
import { namedQueries } from './named-queries.ts';

const q = namedQueries(text, [
  'listCommands',
  'getCommand',
  'findCommand',
  'listCommandsForGuild',
  'findNameClash',
  'insertCommand',
  'updateCommand',
  'deleteCommand',
]);

/** A row of `custom_commands`, as the API shows it. */
export interface CustomCommand {
  id: string;
  guild_id: string | null;
  name: string;
  response: string;
  description: string;
  aliases: string[];
  cooldown_seconds: number;
  enabled: boolean;
  use_count: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  metadata: Record<string, unknown>;
}

export interface NewCommand {
  guild_id: string | null;
  name: string;
  response: string;
  description: string;
  aliases: string[];
  cooldown_seconds: number;
  enabled: boolean;
  created_by: string | null;
  metadata: Record<string, unknown>;
}

export type CommandChanges = Partial<Omit<NewCommand, 'guild_id' | 'created_by'>>;

export interface CommandFilter {
  guildId?: string | undefined;
  search?: string | undefined;
  afterId?: string | undefined;
  limit: number;
}

export function listCommands(sql: Sql, filter: CommandFilter): Promise<CustomCommand[]> {
  return sql.unsafe(q.listCommands, [filter.guildId ?? null, filter.search ?? null, filter.afterId ?? null, filter.limit]);
}

export async function getCommand(sql: Sql, id: string): Promise<CustomCommand | undefined> {
  const [row] = await sql.unsafe<CustomCommand[]>(q.getCommand, [id]);
  return row;
}

/** The command `name` (or an alias) as seen from `guildId`: the guild's own first, then global. */
export async function findCommand(sql: Sql, guildId: string | null, name: string): Promise<CustomCommand | undefined> {
  const [row] = await sql.unsafe<CustomCommand[]>(q.findCommand, [guildId, name]);
  return row;
}

/** Every command usable in `guildId` (its own and the global ones), by name. */
export function listCommandsForGuild(sql: Sql, guildId: string | null): Promise<CustomCommand[]> {
  return sql.unsafe(q.listCommandsForGuild, [guildId]);
}

/** Another command in the namespace of `guildId` already using one of `names`, if any. */
export async function findNameClash(
  sql: Sql,
  guildId: string | null,
  names: string[],
  exceptId: string | null,
): Promise<{ id: string; name: string } | undefined> {
  const [row] = await sql.unsafe<{ id: string; name: string }[]>(q.findNameClash, [guildId, names, exceptId]);
  return row;
}

export async function insertCommand(sql: Sql, command: NewCommand): Promise<CustomCommand> {
  const [row] = await sql.unsafe<CustomCommand[]>(q.insertCommand, [
    command.guild_id,
    command.name,
    command.response,
    command.description,
    command.aliases,
    command.cooldown_seconds,
    command.enabled,
    command.created_by,
    command.metadata as never,
  ]);
  return row as CustomCommand;
}

export async function updateCommand(sql: Sql, id: string, changes: CommandChanges): Promise<CustomCommand | undefined> {
  const [row] = await sql.unsafe<CustomCommand[]>(q.updateCommand, [
    id,
    changes.name ?? null,
    changes.response ?? null,
    changes.description ?? null,
    changes.aliases ?? null,
    changes.cooldown_seconds ?? null,
    changes.enabled ?? null,
    (changes.metadata ?? null) as never,
  ]);
  return row;
}

export async function deleteCommand(sql: Sql, id: string): Promise<CustomCommand | undefined> {
  const [row] = await sql.unsafe<CustomCommand[]>(q.deleteCommand, [id]);
  return row;
}
