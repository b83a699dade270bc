import { defineCommand } from '../../module-kit/define.ts';
import { dynamicCommandNames } from '../../module-kit/dynamic-commands.ts';
import { cooldown } from '../../module-kit/preconditions.ts';

export const help = defineCommand({
  name: 'help',
  description: 'List the commands you can use here',
  preconditions: [cooldown(3)],
  async run(ctx) {
    const prefix = ctx.source === 'slash' ? '/' : ctx.prefix;
    const builtIns = [...ctx.bot.registry.values()]
      .filter((c) => (ctx.source === 'slash' ? c.forms?.slash !== false : c.forms?.prefix !== false) && !ctx.disabledCommands.includes(c.name))
      .map((c) => `\`${prefix}${c.name}\` ${c.description}`);
    const lines = ['**Commands**', ...builtIns];
    // The modules' dynamic commands (custom commands, a plugin's), from the modules on here only: typed with the prefix.
    for (const { module, commands } of await dynamicCommandNames(ctx, 'help')) {
      if (commands.length > 0) lines.push('', `**${module}**`, ...commands.map((c) => `\`${ctx.prefix}${c.name}\`${c.description ? ` ${c.description}` : ''}`));
    }
    let text = lines.join('\n');
    if (text.length > 2_000) text = `${text.slice(0, 1_990)}\n…`;
    await ctx.reply({ content: text, ephemeral: true });
  },
});
