// Checks the dispatcher runs, in order, before a command (Sapphire's preconditions are the model):
// each answers ok, or the AppError services throw too, which knows nothing of Discord or HTTP. The
// dispatcher turns the first refusal into a short reply and the log row's status, in one place.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { AppError } from '../platform/errors/app-error.ts';
import type { Command, CommandContext, Precondition, PreconditionResult } from './command-types.ts';

/** A refusal is `forbidden` (not allowed: logged as denied) or `limit` (not now: logged as cooldown). */
export const ok: PreconditionResult = { ok: true };

/** A refusal; `message` is a whole sentence, shown to the user as it is. */
export function refuse(code: string, kind: 'forbidden' | 'limit', message: string): PreconditionResult {
  return { ok: false, error: new AppError(kind, code, message) };
}

/** Refused in DMs; defineCommand types `ctx.guild` as present for a command that lists it. */
export const guildOnly: Precondition<'GuildOnly'> = {
  id: 'GuildOnly',
  run: (ctx) => (ctx.guild ? ok : refuse('GUILD_ONLY', 'forbidden', 'That command works in servers only.')),
};

/**
 * The member needs every bit of `permissions` (Administrator implies all, as in Discord). Discord
 * also hides the slash command from others: defineCommand registers these bits as its
 * `default_member_permissions`. Only the slash form carries permissions; a prefix use is refused.
 */
export function memberPermissions(permissions: bigint): Precondition<'MemberPermissions'> & { permissions: bigint } {
  return {
    id: 'MemberPermissions',
    permissions,
    run(ctx) {
      const has = ctx.memberPermissions ?? 0n;
      if ((has & PermissionFlagsBits.Administrator) !== 0n || (has & permissions) === permissions) return ok;
      return refuse('MEMBER_PERMISSIONS', 'forbidden', `You need the ${permissionNames(permissions)} permission for that.`);
    },
  };
}

/** One use per user every `seconds`, across shards and processes where the cooldowns are in Redis. */
export function cooldown(seconds: number): Precondition<'Cooldown'> {
  return {
    id: 'Cooldown',
    async run(ctx, command) {
      const wait = await ctx.bot.cooldowns.take(`builtin:${command.name}:${ctx.user.id}`, seconds);
      return wait > 0 ? refuse('COOLDOWN', 'limit', `Slow down: you can use that again in ${wait} s.`) : ok;
    },
  };
}

/** The command's own checks: its list, or for a plain (plugin) command the ones its fields ask for. */
export function preconditionsOf(command: Command): readonly Precondition[] {
  if (command.preconditions) return command.preconditions;
  const derived: Precondition[] = [];
  if (command.guildOnly) derived.push(guildOnly);
  if (command.permissions !== undefined) derived.push(memberPermissions(command.permissions));
  if (command.cooldownSeconds) derived.push(cooldown(command.cooldownSeconds));
  return derived;
}

/** Runs `preconditions` in order; the first refusal, or undefined when all pass. */
export async function firstRefusal(preconditions: readonly Precondition[], ctx: CommandContext, command: Command): Promise<AppError | undefined> {
  for (const precondition of preconditions) {
    const result = await precondition.run(ctx, command);
    if (!result.ok) return result.error;
  }
  return undefined;
}

const PERMISSION_NAMES: [bigint, string][] = [
  [PermissionFlagsBits.Administrator, 'Administrator'],
  [PermissionFlagsBits.ManageGuild, 'Manage Server'],
  [PermissionFlagsBits.ManageMessages, 'Manage Messages'],
  [PermissionFlagsBits.ModerateMembers, 'Moderate Members'],
  [PermissionFlagsBits.KickMembers, 'Kick Members'],
  [PermissionFlagsBits.BanMembers, 'Ban Members'],
];

/** Discord's names for the bits of `bits` ("Ban Members"), joined by "and". */
export function permissionNames(bits: bigint): string {
  return PERMISSION_NAMES.filter(([bit]) => (bits & bit) === bit).map(([, name]) => name).join(' and ') || 'required';
}

/** A command of a module that is off in this guild answers so (only the invoker sees it). */
export const moduleEnabled: Precondition<'ModuleDisabled'> = {
  id: 'ModuleDisabled',
  async run(ctx, command) {
    const modules = ctx.bot.modules;
    const module = modules?.registry.moduleOfCommand(command.name);
    if (!modules || !module || !ctx.guild || (await modules.isEnabled(module, ctx.guild.id))) return ok;
    return refuse('ModuleDisabled', 'forbidden', `\`${ctx.source === 'slash' ? '/' : ctx.prefix}${command.name}\` is part of the ${module.name} module, which is turned off in this server.`);
  },
};

/**
 * A built-in the guild's settings turned off answers so instead of running: a slash command must be
 * answered (Discord shows "did not respond" otherwise), and a silent prefix command looks broken.
 */
export const enabledInGuild: Precondition<'CommandDisabled'> = {
  id: 'CommandDisabled',
  run: (ctx, command) =>
    ctx.disabledCommands.includes(command.name)
      ? refuse('CommandDisabled', 'forbidden', `\`${ctx.source === 'slash' ? '/' : ctx.prefix}${command.name}\` is turned off in this server.`)
      : ok,
};
