// Custom commands: the `/custom` and `/command` commands that run and manage them, the guild's own
// commands as dynamic commands (`!hello`, their slash and context-menu forms, command buttons,
// auto-responses) and their registration in Discord, and the API that edits them (/api/commands:
// their history, preview, stats, export and import), in routes/.
import { startRegexRunner } from '../../features/custom-commands/regex-runner.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { customApplicationCommands } from './application-commands.ts';
import { command } from './command.ts';
import { custom } from './custom.ts';
import { type CustomCommandsInstance, customDynamicCommands } from './dynamic.ts';
import { commandRoutes, type OnCommandChange } from './routes/commands.ts';
import { commandPreviewRoutes } from './routes/preview.ts';
import { commandStatsRoutes } from './routes/stats.ts';
import { commandTransferRoutes } from './routes/transfer.ts';
import { commandVersionRoutes } from './routes/versions.ts';

export const customCommands = defineModule({
  name: 'custom-commands',
  description: "The server's own commands and auto-responses",
  commands: [custom, command],
  dynamicCommands: customDynamicCommands,
  applicationCommands: customApplicationCommands,
  // Regex triggers run in a worker thread (started at the first regex), so they never block the gateway.
  setup: ({ log, changed }): CustomCommandsInstance => ({ regexes: startRegexRunner({ log }), changed }),
  apiRoutes(ctx) {
    const { sql } = ctx;
    if (!sql) return [];
    // Read when a change is saved: the instance comes once setup has run.
    const onChange: OnCommandChange = (command) => ctx.instance?.changed(command.guild_id);
    return [
      ...commandRoutes(sql, onChange),
      ...commandVersionRoutes(sql, onChange),
      ...commandPreviewRoutes(sql),
      ...commandStatsRoutes(sql),
      ...commandTransferRoutes(sql, onChange),
    ];
  },
  async teardown({ instance }) {
    await instance?.regexes.close();
  },
});
