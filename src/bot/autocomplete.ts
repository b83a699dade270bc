// Autocomplete for `/custom name:`: the guild's custom commands that fit what is typed (top 25).
// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
import type { API } from '@discordjs/core';
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import type { CommandStore } from '../features/custom-commands/store.ts';
import { rankNames } from '../features/custom-commands/suggest.ts';

/** Discord shows at most 25 choices. */
const MAX_CHOICES = 25;

export async function answerAutocomplete(interaction: APIApplicationCommandAutocompleteInteraction, api: API, commands: CommandStore): Promise<void> {
  const focused = focusedOption(interaction.data.options);
  let choices: { name: string; value: string }[] = [];
  if (interaction.data.name === 'custom' && focused?.name === 'name') {
    const list = (await commands.listForGuild(interaction.guild_id ?? null)).filter((c) => c.enabled);
    const descriptions = new Map(list.map((c) => [c.name, c.description]));
    choices = rankNames(String(focused.value ?? ''), list.map((c) => c.name), MAX_CHOICES).map((name) => {
      const description = descriptions.get(name);
      // A choice's name is at most 100 characters.
      return { name: (description ? `${name} — ${description}` : name).slice(0, 100), value: name };
    });
  }
  await api.interactions.createAutocompleteResponse(interaction.id, interaction.token, { choices });
}

function focusedOption(options: readonly APIApplicationCommandInteractionDataOption[] = []): { name: string; value?: unknown } | undefined {
  for (const option of options) {
    if ('focused' in option && option.focused) return option;
    if (option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup) {
      const inner = focusedOption(option.options ?? []);
      if (inner) return inner;
    }
  }
  return undefined;
}
