// Slash-command registration: one bulk overwrite at start, skipped when Discord already has
// exactly these commands (so restarts do not churn Discord's command cache).
// https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
import type { API } from '@discordjs/core';
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Command } from '../module-kit/command-types.ts';
import { toDiscordOptions } from './options.ts';

/** The registration body for every command that has a slash form. */
export function slashCommandBody(commands: Iterable<Command>): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...commands]
    .filter((command) => command.forms?.slash !== false)
    .map((command) => ({
      name: command.name,
      description: command.description,
      options: command.subcommands
        ? command.subcommands.map((sub) => ({
            type: ApplicationCommandOptionType.Subcommand as const,
            name: sub.name,
            description: sub.description,
            options: toDiscordOptions(sub.options),
          }))
        : toDiscordOptions(command.options),
      default_member_permissions: command.permissions === undefined ? null : String(command.permissions),
    }));
}

/** Registers `body` globally, or in `guildId` only; returns whether anything had to change. */
export async function registerSlashCommands(
  api: API,
  applicationId: string,
  guildId: string | undefined,
  body: RESTPutAPIApplicationGuildCommandsJSONBody,
): Promise<'registered' | 'unchanged'> {
  const current = guildId
    ? await api.applicationCommands.getGuildCommands(applicationId, guildId)
    : await api.applicationCommands.getGlobalCommands(applicationId);
  if (canonical(current) === canonical(body)) return 'unchanged';
  if (guildId) await api.applicationCommands.bulkOverwriteGuildCommands(applicationId, guildId, body);
  else await api.applicationCommands.bulkOverwriteGlobalCommands(applicationId, body);
  return 'registered';
}

type CommandLike = { type?: number; name: string; description?: string; options?: APIApplicationCommandOption[]; default_member_permissions?: string | null };

/** The fields we set, in a stable order, with Discord's defaults filled in, so equal means equal. */
function canonical(commands: readonly CommandLike[]): string {
  const option = (o: APIApplicationCommandOption): unknown => ({
    type: o.type,
    name: o.name,
    description: o.description,
    required: 'required' in o ? (o.required ?? false) : false,
    min_value: 'min_value' in o ? o.min_value : undefined,
    max_value: 'max_value' in o ? o.max_value : undefined,
    max_length: 'max_length' in o ? o.max_length : undefined,
    autocomplete: 'autocomplete' in o ? (o.autocomplete ?? false) : false,
    options: 'options' in o ? (o.options ?? []).map(option) : undefined,
  });
  return JSON.stringify(
    [...commands]
      .sort((a, b) => (a.type ?? 1) - (b.type ?? 1) || a.name.localeCompare(b.name))
      .map((c) => ({
        type: c.type ?? 1,
        name: c.name,
        description: c.description ?? '',
        options: (c.options ?? []).map(option),
        default_member_permissions: c.default_member_permissions ?? null,
      })),
  );
}
