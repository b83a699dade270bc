// Changes to custom commands, with the rules every door (API, `/command`, dashboard) must keep:
// a name and its aliases are unique within a guild (or among the global commands).
import type { Sql } from '../db/connect.ts';
import {
  type CommandChanges,
  type CustomCommand,
  deleteCommand,
  findNameClash,
  getCommand,
  insertCommand,
  type NewCommand,
  updateCommand,
} from '../db/commands.ts';
import { HttpError } from '../http/problem.ts';

export async function createCommand(sql: Sql, input: NewCommand): Promise<CustomCommand> {
  await assertNamesFree(sql, input.guild_id, [input.name, ...input.aliases], null);
  return insertCommand(sql, input);
}

export async function changeCommand(sql: Sql, id: string, changes: CommandChanges): Promise<CustomCommand> {
  const current = await loadCommand(sql, id);
  await assertNamesFree(sql, current.guild_id, [changes.name ?? current.name, ...(changes.aliases ?? current.aliases)], current.id);
  const updated = await updateCommand(sql, current.id, changes);
  if (!updated) throw notFound(id);
  return updated;
}

export async function removeCommand(sql: Sql, id: string): Promise<CustomCommand> {
  const deleted = await deleteCommand(sql, id);
  if (!deleted) throw notFound(id);
  return deleted;
}

/** The command with `id`; 404 COMMAND_NOT_FOUND when there is none (or `id` is not an id). */
export async function loadCommand(sql: Sql, id: string | undefined): Promise<CustomCommand> {
  const command = id && /^\d{1,18}$/.test(id) ? await getCommand(sql, id) : undefined;
  if (!command) throw notFound(id);
  return command;
}

function notFound(id: string | undefined) {
  return new HttpError(404, 'COMMAND_NOT_FOUND', `no command with id ${JSON.stringify(id)}`);
}

async function assertNamesFree(sql: Sql, guildId: string | null, names: string[], exceptId: string | null) {
  if (names.slice(1).includes(names[0] ?? '')) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'aliases: must not repeat the command name', {
      errors: [{ field: 'aliases', message: 'must not repeat the command name' }],
    });
  }
  const clash = await findNameClash(sql, guildId, names, exceptId);
  if (clash) {
    const where = guildId ? `guild ${guildId}` : 'the global commands';
    throw new HttpError(409, 'COMMAND_NAME_TAKEN', `command "${clash.name}" in ${where} already uses one of: ${names.join(', ')}`, {
      errors: [{ field: 'name', message: `clashes with command "${clash.name}"` }],
    });
  }
}
