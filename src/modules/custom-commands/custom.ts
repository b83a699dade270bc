import { defineCommand } from '../../module-kit/define.ts';
import { replyUnknown } from '../../module-kit/dynamic-commands.ts';
import { rankNames } from '../../platform/suggest.ts';
import { splitArgs } from '../../platform/template/template.ts';
import { commandsOf } from './instance.ts';
import { runCustomCommand } from './run-custom-command.ts';

/** Discord shows at most 25 choices. */
const MAX_CHOICES = 25;

export const custom = defineCommand({
  name: 'custom',
  description: "Run one of this server's custom commands",
  options: {
    name: { description: 'The custom command', type: 'string', required: true, maxLength: 32, autocomplete: true },
    args: { description: 'Words for {1}…{9} and {args}', type: 'string', rest: true, maxLength: 1_000 },
  },
  async run(ctx, { name, args }) {
    const command = await commandsOf(ctx.instance).find(ctx.guild?.id ?? null, name);
    if (!command) {
      ctx.annotate({ command: name, status: 'not_found' });
      return replyUnknown(ctx, name);
    }
    return runCustomCommand(ctx, command, splitArgs(args ?? ''));
  },
  // `/custom name:`: the guild's custom commands that fit what is typed, best first.
  // https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
  async autocomplete(ctx, option) {
    if (option.name !== 'name') return [];
    const list = (await commandsOf(ctx.instance).listForGuild(ctx.guild?.id ?? null)).filter((c) => c.enabled);
    const descriptions = new Map(list.map((c) => [c.name, c.description]));
    return rankNames(option.value, list.map((c) => c.name), MAX_CHOICES).map((name) => {
      const description = descriptions.get(name);
      // A choice's name is at most 100 characters.
      return { name: (description ? `${name} — ${description}` : name).slice(0, 100), value: name };
    });
  },
});
