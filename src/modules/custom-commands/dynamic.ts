// The guild's custom commands as dynamic commands (contract: `dynamicCommands`): `!hello`, `/hello`,
// their command buttons and context menus, and the auto-responses a message's text sets off.

import type { CommandContext, DynamicCommands } from '../../module-kit/command-types.ts';
import { splitArgs } from '../../platform/template/template.ts';
import { argumentsFromOptions, slashOptionsOf } from './application-command-forms.ts';
import { findAutoResponse } from './auto-responses.ts';
import type { CustomCommand } from './data/queries.ts';
import { commandsOf, instanceOf } from './instance.ts';
import { RUN_BUTTON_PREFIX } from './rich.ts';
import { runCustomCommand } from './run-custom-command.ts';

export const customDynamicCommands: DynamicCommands = {
  // Buttons already posted in Discord carry it: it never changes.
  buttonPrefix: RUN_BUTTON_PREFIX,
  async find(ctx, name) {
    const command = await commandsOf(ctx.instance).find(ctx.guild?.id ?? null, name);
    return command && { name: command.name, run: (use) => runCustomCommand(use, command, argumentsOf(use, command)) };
  },
  async names(ctx) {
    const custom = await commandsOf(ctx.instance).listForGuild(ctx.guild?.id ?? null);
    return custom.filter((c) => c.enabled).flatMap((c) => [c.name, ...c.aliases]);
  },
  // /help: each command once, with its description, as `!custom <name>` also runs it.
  async describe(ctx) {
    const custom = await commandsOf(ctx.instance).listForGuild(ctx.guild?.id ?? null);
    return custom.filter((c) => c.enabled).map((c) => ({ name: c.name, ...(c.description ? { description: c.description } : {}) }));
  },
  async match(ctx, message) {
    // Every plain guild message comes here: nothing is built for one.
    const command = await findAutoResponse(instanceOf(ctx.instance), ctx.bot.cooldowns, message.guildId, message.channelId, message.content, message.memberRoles);
    return command && { name: command.name, run: (use) => runCustomCommand(use, command, splitArgs(use.rawArgs), true) };
  },
};

/** The words for {1}…{9} and {args}: a slash use's options as the command's templates read them, else the text typed. */
function argumentsOf(ctx: CommandContext, command: CustomCommand): string[] {
  if (ctx.source === 'slash') return argumentsFromOptions(slashOptionsOf(command), ctx.slashOptions ?? [], splitArgs);
  return splitArgs(ctx.rawArgs);
}
