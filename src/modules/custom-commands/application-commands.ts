// The custom commands that are slash or context-menu commands, as the module's application commands
// (contract: `applicationCommands`): the bot registers each guild's with the built-ins of its scope.
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { ApplicationCommands } from '../../module-kit/contract.ts';
import { applicationCommandsOf } from './application-command-forms.ts';
import { commandsOf } from './instance.ts';

export const customApplicationCommands: ApplicationCommands = {
  async list(ctx, guildId) {
    // A guild's list holds the global commands too: only its own are registered there.
    const own = (await commandsOf(ctx.instance).listForGuild(guildId)).filter((c) => c.guild_id === guildId);
    return applicationCommandsOf(own) as unknown as RESTPostAPIApplicationCommandsJSONBody[];
  },
  guildsWithAny: (ctx, guildIds) => commandsOf(ctx.instance).guildsWithApplicationCommands(guildIds),
  watch(ctx, changed) {
    commandsOf(ctx.instance).onChange(changed);
  },
};
