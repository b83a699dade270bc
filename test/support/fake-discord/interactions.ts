// Interactions as the gateway delivers them in INTERACTION_CREATE:
// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
import { randomBytes } from 'node:crypto';
import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionGuildMember,
  type APIUser,
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
import type { FakeState } from './state.ts';

interface InteractionBase {
  channel_id: string;
  user: APIUser;
  /** Defaults to the channel's guild; DMs have none. */
  guild_id?: string;
  locale?: Locale;
}

export type SendInteractionInput =
  | (InteractionBase & { type?: InteractionType.ApplicationCommand; name: string; options?: APIApplicationCommandInteractionDataOption[] })
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

  const command = [...(state.commands.get(guild?.id ?? '') ?? []), ...(state.commands.get('global') ?? [])].find(
    (c) => c.name === input.name && c.type === ApplicationCommandType.ChatInput,
  );
  // Discord only sends interactions for registered commands; a test that skips registration proves nothing.
  if (!command) throw new Error(`no command named "${input.name}" registered for guild ${guild?.id ?? '(DM)'} or globally`);
  return {
    ...common,
    type: InteractionType.ApplicationCommand,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      ...(input.options ? { options: input.options } : {}),
    },
  } as APIInteraction;
}
