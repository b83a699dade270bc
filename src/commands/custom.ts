import { runCustomCommand } from '../custom-commands/run.ts';
import { splitArgs } from '../custom-commands/template.ts';
import type { Command } from './types.ts';

export const custom = {
  name: 'custom',
  description: "Run one of this server's custom commands",
  options: [
    { name: 'name', description: 'The custom command', type: 'string', required: true, maxLength: 32, autocomplete: true },
    { name: 'args', description: 'Words for {1}…{9} and {args}', type: 'string', rest: true, maxLength: 1_000 },
  ],
  run(ctx) {
    const name = String(ctx.options.name ?? '');
    return runCustomCommand(ctx, name, splitArgs(String(ctx.options.args ?? '')));
  },
} satisfies Command;
