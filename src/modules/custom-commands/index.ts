// Custom commands: the `/custom` and `/command` commands that run and manage them. Their editing,
// history and transfer are served by the API.
import { defineModule } from '../../module-kit/contract.ts';
import { command } from './command.ts';
import { custom } from './custom.ts';

export const customCommands = defineModule({
  name: 'custom-commands',
  description: "The server's own commands and auto-responses",
  commands: [custom, command],
});
