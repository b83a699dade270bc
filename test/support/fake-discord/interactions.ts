// Interactions as the gateway delivers them in INTERACTION_CREATE:
// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
import { randomBytes } from 'node:crypto';
import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionGuildMember,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
} from 'discord-api-types/v10';
import { allPermissions, memberPermissions } from './permissions.ts';
import { generateSnowflake } from './snowflake.ts';
import type { FakeGuild, FakeState } from './state.ts';

interface InteractionBase {
  channel_id: string;
  user: APIUser;
  /** Defaults to the channel's guild; DMs have none. */
  guild_id?: string;
  locale?: Locale;
}

export type SendInteractionInput =
  | (InteractionBase & { type?: InteractionType.ApplicationCommand; name: string; options?: APIApplicationCommandInteractionDataOption[] })
  /** Autocomplete: `options` as typed so far, the one being typed marked `focused: true`. */
  | (InteractionBase & { type: InteractionType.ApplicationCommandAutocomplete; name: string; options: APIApplicationCommandInteractionDataOption[] })
  /** A context-menu command used on a member (`User`) or a message (`Message`) with that id. */
  | (InteractionBase & { type?: InteractionType.ApplicationCommand; name: string; command_type: ApplicationCommandType.User | ApplicationCommandType.Message; target_id: string })
  | (InteractionBase & { type: InteractionType.MessageComponent; custom_id: string; message_id: string; component_type?: ComponentType; values?: string[] });

/** Builds an interaction and registers its token so the callback and webhook routes accept it. */
export function buildInteraction(state: FakeState, input: SendInteractionInput): APIInteraction {
  const channel = state.channels.get(input.channel_id);
  if (!channel) throw new Error(`no channel ${input.channel_id}; add it with fake.addGuild or fake.dmChannelFor`);
  const guild = state.guilds.get(input.guild_id ?? ('guild_id' in channel ? (channel.guild_id ?? '') : '')) ?? null;
  const member = guild?.members.find((m) => m.user.id === input.user.id);
  if (guild && !member) throw new Error(`user ${input.user.id} is not a member of guild ${guild.id}`);

  const common = {
    id: generateSnowflake(),
    application_id: state.applicationId,
    token: `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}`,
    version: 1 as const,
    channel_id: channel.id,
    channel: channel.type === ChannelType.DM ? { id: channel.id, type: channel.type, flags: channel.flags, last_message_id: channel.last_message_id, recipients: channel.recipients } : channel,
    locale: input.locale ?? Locale.EnglishUS,
    app_permissions: guild ? memberPermissions(guild, state.botUser.id) : allPermissions.toString(),
    entitlements: [],
    attachment_size_limit: 10_485_760,
    ...(guild && member
      ? {
          guild_id: guild.id,
          guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
          guild_locale: Locale.EnglishUS,
          member: { ...member, permissions: memberPermissions(guild, member.user.id) } satisfies APIInteractionGuildMember,
          context: InteractionContextType.Guild,
          authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
        }
      : {
          user: input.user,
          context: InteractionContextType.BotDM,
          authorizing_integration_owners: { [ApplicationIntegrationType.UserInstall]: input.user.id },
        }),
  };

  if (input.type === InteractionType.MessageComponent) {
    const message = state.messages.get(input.message_id);
    if (!message || message.channel_id !== channel.id) throw new Error(`no message ${input.message_id} in channel ${channel.id}`);
    const componentType = input.component_type ?? ComponentType.Button;
    return {
      ...common,
      type: InteractionType.MessageComponent,
      message,
      data: { custom_id: input.custom_id, component_type: componentType, ...(componentType === ComponentType.Button ? {} : { values: input.values ?? [] }) },
    } as APIInteraction;
  }

  const commandType = 'command_type' in input ? input.command_type : ApplicationCommandType.ChatInput;
  const command = [...(state.commands.get(guild?.id ?? '') ?? []), ...(state.commands.get('global') ?? [])].find(
    (c) => c.name === input.name && c.type === commandType,
  );
  // Discord only sends interactions for registered commands; a test that skips registration proves nothing.
  if (!command) throw new Error(`no command named "${input.name}" (type ${commandType}) registered for guild ${guild?.id ?? '(DM)'} or globally`);
  const base = {
    id: command.id,
    name: command.name,
    type: commandType,
    ...(command.guild_id ? { guild_id: command.guild_id } : {}),
  };
  if ('command_type' in input) {
    return { ...common, type: InteractionType.ApplicationCommand, data: { ...base, target_id: input.target_id, resolved: resolvedTarget(state, guild, input) } } as APIInteraction;
  }
  const options = input.options;
  const users = (options ?? []).flatMap((o) => (o.type === ApplicationCommandOptionType.User ? [String(o.value)] : []));
  return {
    ...common,
    type: input.type === InteractionType.ApplicationCommandAutocomplete ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand,
    data: {
      ...base,
      ...(options ? { options } : {}),
      // Discord resolves the users a command's options name: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-resolved-data-structure
      ...(users.length > 0 ? { resolved: resolvedUsers(state, guild, users) } : {}),
    },
  } as APIInteraction;
}

function resolvedUsers(state: FakeState, guild: FakeGuild | null, ids: string[]) {
  const users: Record<string, APIUser> = {};
  const members: Record<string, unknown> = {};
  for (const id of ids) {
    const user = state.users.get(id);
    if (!user) continue;
    users[id] = user;
    const member = guild?.members.find((m) => m.user.id === id);
    if (member) {
      const { user: _user, ...rest } = member;
      members[id] = { ...rest, permissions: memberPermissions(guild as FakeGuild, id) };
    }
  }
  return { users, members };
}

function resolvedTarget(state: FakeState, guild: FakeGuild | null, input: { command_type: ApplicationCommandType; target_id: string; channel_id: string }) {
  if (input.command_type === ApplicationCommandType.User) {
    if (!state.users.get(input.target_id)) throw new Error(`no user ${input.target_id}`);
    return resolvedUsers(state, guild, [input.target_id]);
  }
  const message = state.messages.get(input.target_id);
  if (!message || message.channel_id !== input.channel_id) throw new Error(`no message ${input.target_id} in channel ${input.channel_id}`);
  return { messages: { [message.id]: message } };
}
