// The commands every server has: `ping` and `help`. Always on: `help` is how a server finds the rest.
import { defineModule } from '../../module-kit/contract.ts';
import { help } from './help.ts';
import { ping } from './ping.ts';

export const core = defineModule({
  name: 'core',
  description: 'Ping and help',
  alwaysOn: true,
  commands: [ping, help],
});
