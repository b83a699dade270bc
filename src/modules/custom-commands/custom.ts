import { splitArgs } from '../../features/custom-commands/template.ts';
import { defineCommand } from '../../module-kit/define.ts';
import { runCustomCommand } from './run-custom-command.ts';

export const custom = defineCommand({
  name: 'custom',
  description: "Run one of this server's custom commands",
  options: {
    name: { description: 'The custom command', type: 'string', required: true, maxLength: 32, autocomplete: true },
    args: { description: 'Words for {1}…{9} and {args}', type: 'string', rest: true, maxLength: 1_000 },
  },
  run(ctx, { name, args }) {
    return runCustomCommand(ctx, name, splitArgs(args ?? ''));
  },
});
