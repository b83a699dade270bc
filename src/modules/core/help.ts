import { defineCommand } from '../../module-kit/define.ts';
import { cooldown } from '../../module-kit/preconditions.ts';
import { listCustomCommands } from '../custom-commands/index.ts';

export const help = defineCommand({
  name: 'help',
  description: 'List the commands you can use here',
  preconditions: [cooldown(3)],
  async run(ctx) {
    const prefix = ctx.source === 'slash' ? '/' : ctx.prefix;
    const builtIns = [...ctx.bot.registry.values()]
      .filter((c) => (ctx.source === 'slash' ? c.forms?.slash !== false : c.forms?.prefix !== false) && !ctx.disabledCommands.includes(c.name))
      .map((c) => `\`${prefix}${c.name}\` ${c.description}`);
    const custom = (await listCustomCommands(ctx.bot, ctx.guild?.id ?? null).catch(() => []))
      .filter((c) => c.enabled)
      .map((c) => `\`${ctx.prefix}${c.name}\`${c.description ? ` ${c.description}` : ''}`);
    const lines = ['**Commands**', ...builtIns];
    if (custom.length > 0) lines.push('', `**Custom commands** (also \`${ctx.prefix}custom <name>\`)`, ...custom);
    let text = lines.join('\n');
    if (text.length > 2_000) text = `${text.slice(0, 1_990)}\n…`;
    await ctx.reply({ content: text, ephemeral: true });
  },
});
