// Custom commands: the `/custom` and `/command` commands that run and manage them, the guild's own
// commands as dynamic commands (`!hello`, their slash and context-menu forms, command buttons,
// auto-responses) and their registration in Discord. Their editing, history and transfer are served
// by the API.
import { startRegexRunner } from '../../features/custom-commands/regex-runner.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { customApplicationCommands } from './application-commands.ts';
import { command } from './command.ts';
import { custom } from './custom.ts';
import { type CustomCommandsInstance, customDynamicCommands } from './dynamic.ts';

export const customCommands = defineModule({
  name: 'custom-commands',
  description: "The server's own commands and auto-responses",
  commands: [custom, command],
  dynamicCommands: customDynamicCommands,
  applicationCommands: customApplicationCommands,
  // Regex triggers run in a worker thread (started at the first regex), so they never block the gateway.
  setup: ({ log }): CustomCommandsInstance => ({ regexes: startRegexRunner({ log }) }),
  async teardown({ instance }) {
    await instance?.regexes.close();
  },
});
