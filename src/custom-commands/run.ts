// Runs a custom command for whoever invoked it: `!custom name`, `!name`, `/custom name`.
import type { CommandContext } from '../commands/types.ts';
import { closestName } from './suggest.ts';
import { renderTemplate } from './template.ts';

export async function runCustomCommand(ctx: CommandContext, name: string, args: string[]): Promise<void> {
  const guildId = ctx.guild?.id ?? null;
  const command = await ctx.bot.commands.find(guildId, name);
  if (!command) {
    ctx.annotate({ command: name, status: 'not_found' });
    await replyUnknown(ctx, name);
    return;
  }
  ctx.annotate({ command: command.name, metadata: { custom_command_id: command.id } });
  if (!command.enabled) {
    ctx.annotate({ status: 'denied' });
    await ctx.reply({ content: `\`${command.name}\` is turned off here.`, ephemeral: true });
    return;
  }
  const wait = ctx.bot.cooldowns.take(`custom:${command.id}:${ctx.user.id}`, command.cooldown_seconds);
  if (wait > 0) {
    ctx.annotate({ status: 'cooldown' });
    await ctx.reply({ content: `Slow down: you can use \`${command.name}\` again in ${wait} s.`, ephemeral: true });
    return;
  }
  ctx.bot.commands.countUse(command);
  const rendered = renderTemplate(command.response, {
    user: ctx.user,
    channel: ctx.channelId ? { id: ctx.channelId } : null,
    guild: ctx.guild,
    args,
    uses: Number(command.use_count),
  });
  await ctx.reply({ content: rendered.content, mentionUserIds: rendered.mentionedUserIds });
}

/** "No command named `helo`. Did you mean `!hello`?" */
export async function replyUnknown(ctx: CommandContext, name: string): Promise<void> {
  const custom = await ctx.bot.commands.listForGuild(ctx.guild?.id ?? null).catch(() => []);
  const names = [
    ...[...ctx.bot.registry.values()].filter((c) => c.forms?.prefix !== false).map((c) => c.name),
    ...custom.filter((c) => c.enabled).flatMap((c) => [c.name, ...c.aliases]),
  ];
  const suggestion = closestName(name, names);
  const shown = name.replace(/[`\\]/g, '').slice(0, 32);
  const hint = suggestion ? `Did you mean \`${ctx.bot.prefix}${suggestion}\`?` : `Try \`${ctx.bot.prefix}help\`.`;
  await ctx.reply({ content: `No command named \`${shown}\`. ${hint}`, ephemeral: true });
}
