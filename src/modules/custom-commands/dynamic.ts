// The guild's custom commands as dynamic commands (contract: `dynamicCommands`): `!hello`, `/hello`,
// their command buttons and context menus, and the auto-responses a message's text sets off.
import { argumentsFromOptions, slashOptionsOf } from '../../features/custom-commands/application-commands.ts';
import type { CustomCommand } from '../../features/custom-commands/queries.ts';
import type { RegexRunner } from '../../features/custom-commands/regex-runner.ts';
import { RUN_BUTTON_PREFIX } from '../../features/custom-commands/rich.ts';
import { splitArgs } from '../../features/custom-commands/template.ts';
import type { CommandContext, DynamicCommands } from '../../module-kit/command-types.ts';
import { findAutoResponse } from './auto-responses.ts';
import { runCustomCommand } from './run-custom-command.ts';

/** What the module's setup keeps for the process: the worker its regex triggers run in, and how its routes tell of a change. */
export interface CustomCommandsInstance {
  regexes: RegexRunner;
  /** The setup context's `changed`: a guild's commands changed in this process. */
  changed(guildId: string | null): void;
}

export const customDynamicCommands: DynamicCommands = {
  // Buttons already posted in Discord carry it: it never changes.
  buttonPrefix: RUN_BUTTON_PREFIX,
  async find(ctx, name) {
    const command = await ctx.bot.commands.find(ctx.guild?.id ?? null, name);
    return command && { name: command.name, run: (use) => runCustomCommand(use, command, argumentsOf(use, command)) };
  },
  async names(ctx) {
    const custom = await ctx.bot.commands.listForGuild(ctx.guild?.id ?? null);
    return custom.filter((c) => c.enabled).flatMap((c) => [c.name, ...c.aliases]);
  },
  async match(ctx, message) {
    const regexes = (ctx.instance as CustomCommandsInstance | undefined)?.regexes;
    const services = { commands: ctx.bot.commands, cooldowns: ctx.bot.cooldowns, regexes };
    const command = await findAutoResponse(services, message.guildId, message.channelId, message.content, message.memberRoles);
    return command && { name: command.name, run: (use) => runCustomCommand(use, command, splitArgs(use.rawArgs), true) };
  },
};

/** The words for {1}…{9} and {args}: a slash use's options as the command's templates read them, else the text typed. */
function argumentsOf(ctx: CommandContext, command: CustomCommand): string[] {
  if (ctx.source === 'slash') return argumentsFromOptions(slashOptionsOf(command), ctx.slashOptions ?? [], splitArgs);
  return splitArgs(ctx.rawArgs);
}
