// Builders for the objects Discord sends, shaped after https://discord.com/developers/docs/resources
// and typed with discord-api-types so a missing field is a compile error.
import {
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  GatewayIntentBits,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageType,
} from 'discord-api-types/v10';
import { generateSnowflake } from './snowflake.ts';
import type { FakeGuild, TextChannel } from './state.ts';

/** The guild object of `GET /guilds/{guild.id}`. */
export function guildObject(guild: FakeGuild): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.owner_id,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
  };
}

/** GUILD_CREATE as sent after READY: the guild plus members, channels and the other lazy-loaded lists. */
export function guildCreateData(guild: FakeGuild): GatewayGuildCreateDispatchData {
  return {
    ...guildObject(guild),
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    members: guild.members,
    channels: guild.channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageInput {
  channel: TextChannel;
  author: APIUser;
  content: string;
  mentions?: APIUser[];
  mention_roles?: string[];
  mention_everyone?: boolean;
  embeds?: APIMessage['embeds'];
  components?: APIMessage['components'];
  referenced?: APIMessage | null;
  type?: MessageType;
  flags?: number;
  attachments?: APIMessage['attachments'];
  extra?: Partial<APIMessage>;
  /** When it was posted (ms since the epoch); default now. */
  at?: number;
}

/** A message object as `POST /channels/{channel.id}/messages` returns it (no guild_id or member: those are gateway-only). */
export function buildMessage(input: MessageInput): APIMessage {
  const id = generateSnowflake(input.at);
  const referenced = input.referenced ?? null;
  return {
    id,
    channel_id: input.channel.id,
    author: input.author,
    content: input.content,
    timestamp: new Date(input.at ?? Date.now()).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: input.mention_everyone ?? false,
    mentions: input.mentions ?? [],
    mention_roles: input.mention_roles ?? [],
    attachments: input.attachments ?? [],
    embeds: input.embeds ?? [],
    pinned: false,
    type: input.type ?? (referenced ? MessageType.Reply : MessageType.Default),
    flags: input.flags ?? 0,
    components: input.components ?? [],
    ...(referenced
      ? {
          message_reference: { type: 0, message_id: referenced.id, channel_id: referenced.channel_id, ...guildIdOf(input.channel) },
          referenced_message: referenced,
        }
      : {}),
    ...input.extra,
  };
}

/** The MESSAGE_CREATE/UPDATE form: adds guild_id, the author's partial member, and members on mentions. */
export function gatewayMessage(message: APIMessage, guild: FakeGuild | null): APIMessage & { guild_id?: string; member?: Omit<APIGuildMember, 'user'> } {
  if (!guild) return message;
  const partialMember = (userId: string): Omit<APIGuildMember, 'user'> | undefined => {
    const found = guild.members.find((m) => m.user.id === userId);
    if (!found) return undefined;
    const { user: _user, ...member } = found;
    return member;
  };
  const member = partialMember(message.author.id);
  return {
    ...message,
    guild_id: guild.id,
    ...(member && !message.webhook_id ? { member } : {}),
    mentions: message.mentions.map((user) => ({ ...user, member: partialMember(user.id) })),
  };
}

/**
 * Without the MESSAGE_CONTENT intent Discord blanks content, embeds, attachments and components,
 * except in DMs, for the bot's own messages and for messages that mention the bot:
 * https://discord.com/developers/docs/events/gateway#message-content-intent
 */
export function redactContent<M extends APIMessage & { guild_id?: string }>(message: M, intents: number, botId: string): M {
  const isVisible =
    (intents & GatewayIntentBits.MessageContent) !== 0 ||
    message.guild_id === undefined ||
    message.author.id === botId ||
    message.mentions.some((user) => user.id === botId);
  return isVisible ? message : { ...message, content: '', embeds: [], attachments: [], components: [] };
}

function guildIdOf(channel: TextChannel): { guild_id?: string } {
  return 'guild_id' in channel && channel.guild_id ? { guild_id: channel.guild_id } : {};
}
