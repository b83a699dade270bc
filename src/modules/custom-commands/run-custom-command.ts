// Runs a custom command for whoever invoked it: `!name`, `/name`, `/custom name`, its command button,
// its context menu, or the message text that set it off (an auto-response).

import type { CommandContext } from '../../module-kit/command-types.ts';
import { type CooldownEntry, takeCombined } from '../../module-kit/cooldowns/cooldowns.ts';
import { resolveTypedArguments } from '../../platform/template/arguments.ts';
import type { CustomCommand } from './data/queries.ts';
import { commandsOf } from './instance.ts';
import { checkPermissions } from './permissions.ts';
import { renderReply, responseAt, templateText } from './reply.ts';

/** A message that mentions nobody has no map of names (see handleMessage). */
const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * Runs `command` with `args` (the words for {1}…{9} and {args}). `autoResponse`: a message's text set
 * it off; its cooldown was taken when it matched, per channel, and a refusal stays silent.
 */
export async function runCustomCommand(ctx: CommandContext, command: CustomCommand, args: string[], autoResponse = false): Promise<void> {
  ctx.annotate({ command: command.name, metadata: autoResponse ? { custom_command_id: command.id, auto_response: true } : { custom_command_id: command.id } });
  if (!command.enabled) {
    ctx.annotate({ status: 'denied' });
    await ctx.reply({ content: `\`${command.name}\` is turned off here.`, ephemeral: true });
    return;
  }
  const denial = checkPermissions(command.permissions, ctx.channelId, ctx.memberRoles ?? []);
  if (denial) {
    ctx.annotate({ status: 'denied', metadata: { denied_by: denial.rule } });
    // An auto-response that may not run here stays silent: the message was ordinary talk.
    if (!autoResponse) await ctx.reply({ content: `You cannot use \`${command.name}\` here: ${denial.message}.`, ephemeral: true });
    return;
  }
  const cooldowns = autoResponse ? [] : cooldownsOf(command, ctx);
  // Most commands have none: no keys made, no store asked, no await.
  const wait = cooldowns.length === 0 ? 0 : await takeCombined(ctx.bot.cooldowns, cooldowns);
  if (wait > 0) {
    ctx.annotate({ status: 'cooldown' });
    await ctx.reply({ content: `Slow down: you can use \`${command.name}\` again in ${wait} s.`, ephemeral: true });
    return;
  }
  const parts = responseAt(command, pickResponseIndex(command)) ?? responseAt(command, 0);
  if (!parts) return;
  const template = templateText(parts);
  const typed = resolveTypedArguments(template, { args, userNames: ctx.mentionedUsers ?? NO_NAMES }, `${ctx.prefix}${command.name}`);
  if (!typed.ok) {
    ctx.annotate({ status: 'error', metadata: { problem: typed.problem } });
    if (!autoResponse) await ctx.reply({ content: `${typed.problem}. Usage: \`${typed.usage}\``, ephemeral: true });
    return;
  }
  commandsOf(ctx.instance).countUse(command);
  const rendered = renderReply(parts, {
    user: ctx.user,
    channel: ctx.channelId ? { id: ctx.channelId } : null,
    guild: ctx.guild,
    args,
    uses: Number(command.use_count),
    typed,
    ...(ctx.target ? { target: ctx.target } : {}),
  });
  await ctx.reply({ content: rendered.content, mentionUserIds: rendered.mentionedUserIds, embeds: rendered.embeds, components: rendered.components });
}

/** The command's cooldowns for this use: per user, per channel and per guild, those that are set. */
function cooldownsOf(command: CustomCommand, ctx: CommandContext): CooldownEntry[] {
  const entries: CooldownEntry[] = [];
  const prefix = `custom:${command.id}`;
  if (command.cooldown_seconds > 0) entries.push({ key: `${prefix}:user:${ctx.user.id}`, seconds: command.cooldown_seconds });
  if (ctx.channelId && command.channel_cooldown_seconds > 0) entries.push({ key: `${prefix}:channel:${ctx.channelId}`, seconds: command.channel_cooldown_seconds });
  if (ctx.guild && command.guild_cooldown_seconds > 0) entries.push({ key: `${prefix}:guild:${ctx.guild.id}`, seconds: command.guild_cooldown_seconds });
  return entries;
}

/** The index of one response of the pool, at random: 0 is `response`, 1 the first of `responses`… */
export function pickResponseIndex(command: Pick<CustomCommand, 'responses'>, random = Math.random): number {
  return Math.floor(random() * (command.responses.length + 1));
}
