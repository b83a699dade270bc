// The command source of an `all` process: the data layer, in-process.
import type { Sql } from '../db/connect.ts';
import { listCommandsForGuild } from '../db/commands.ts';
import { changeCommand, createCommand, removeCommand } from './service.ts';
import type { CommandSource } from './store.ts';

export function sqlCommandSource(sql: Sql): CommandSource {
  return {
    listForGuild: (guildId) => listCommandsForGuild(sql, guildId),
    create: (input) => createCommand(sql, input),
    update: (id, changes) => changeCommand(sql, id, changes),
    remove: (id) => removeCommand(sql, id),
  };
}
