// The command source of an `all` process: the data layer, in-process.

import type { ChangeActor } from '../../../features/audit/queries.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { guildsWithApplicationCommands, listCommandsForGuild } from '../data/queries.ts';
import { changeCommand, createCommand, removeCommand } from '../service.ts';
import type { CommandSource } from './store.ts';

export function sqlCommandSource(sql: Sql): CommandSource {
  return {
    listForGuild: (guildId) => listCommandsForGuild(sql, guildId),
    guildsWithApplicationCommands: (guildIds) => guildsWithApplicationCommands(sql, guildIds),
    create: (input, actor = API_ACTOR) => createCommand(sql, input, actor),
    update: (id, changes, actor = API_ACTOR) => changeCommand(sql, id, changes, actor),
    remove: (id, actor = API_ACTOR) => removeCommand(sql, id, actor),
  };
}

const API_ACTOR: ChangeActor = { source: 'api', user_id: null };
