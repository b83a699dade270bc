// Everything the fake Discord knows: users, guilds, channels, messages, interactions, commands,
// OAuth2 grants, the switches tests flip, and the recordings of what the bot did.
import {
  type APIApplicationCommand,
  type APIAutoModerationRule,
  type APIDMChannel,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type ChannelFlags,
  ChannelType,
  type GuildMemberFlags,
  type RoleFlags,
} from 'discord-api-types/v10';
import { defaultEveryonePermissions } from './permissions.ts';
import { Recording } from './recording.ts';
import { generateSnowflake } from './snowflake.ts';

export type GuildMember = APIGuildMember & { user: APIUser };

export interface FakeGuild {
  id: string;
  name: string;
  owner_id: string;
  roles: APIRole[];
  channels: APITextChannel[];
  members: GuildMember[];
  /** Banned users by id, with the audit-log reason the ban carried. */
  bans: Map<string, { user: APIUser; reason: string | null }>;
  /** Its AutoMod rules by id, in the order they were made. */
  autoModerationRules: Map<string, APIAutoModerationRule>;
}

export interface AddGuildInput {
  id?: string;
  name: string;
  owner_id?: string;
  channels?: { id?: string; name: string }[];
  /** A role whose id is the guild id, or named "@everyone", replaces the default @everyone. */
  /** In order from the bottom (position 1) up; `managed`: a bot's or an integration's role, which nobody can give. */
  roles?: { id?: string; name: string; permissions?: string | bigint; color?: number; managed?: boolean }[];
  members?: { user: APIUser; roles?: string[]; nick?: string | null }[];
  /** The roles the bot holds there (its highest one bounds the roles it may give). */
  botRoles?: string[];
}

export interface CreateUserInput {
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

/** Who logs in through OAuth2, and the guilds `GET /users/@me/guilds` lists for them. */
export interface OAuthGrant {
  user: APIUser;
  guilds: { id: string; name: string; permissions: string; owner?: boolean; icon?: string | null }[];
  scope?: string;
}

export interface InteractionRecord {
  interaction: APIInteraction;
  responded: boolean;
  /** When it was sent to the bot: Discord takes its first response within 3 s only. */
  sentAt: number;
  /** The @original response message, once a callback created one. */
  original: APIMessage | null;
}

export type TextChannel = APITextChannel | APIDMChannel;

export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10` (or the whole path for pages outside the API). */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  at: number;
}

export interface SentMessage {
  channel_id: string;
  /** The request body exactly as the bot sent it. */
  body: Record<string, unknown>;
  message: APIMessage;
}

export interface InteractionResponse {
  kind: 'callback' | 'edit-original' | 'delete-original' | 'followup';
  interaction_id: string;
  token: string;
  /** The callback type (4, 5, 6, 7, 9) for `callback`, else null. */
  type: number | null;
  body: Record<string, unknown>;
  /** The message the response created or edited, if any. */
  message: APIMessage | null;
}

export interface CommandOverwrite {
  guild_id: string | null;
  commands: unknown[];
}

export class FakeState {
  readonly token: string;
  readonly applicationId: string;
  readonly clientSecret: string;
  readonly botUser: APIUser;
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly channels = new Map<string, TextChannel>();
  readonly messages = new Map<string, APIMessage>();
  /** Keyed by interaction token. */
  readonly interactions = new Map<string, InteractionRecord>();
  /** Keyed by guild id, or "global". */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  /** Invite codes (case matters, as on Discord) to the guild and channel they open. */
  readonly invites = new Map<string, { code: string; guild_id: string; channel_id: string }>();
  readonly oauthCodes = new Map<string, { grant: OAuthGrant; redirect_uri: string; used: boolean }>();
  readonly accessTokens = new Map<string, OAuthGrant>();
  readonly refreshTokens = new Map<string, OAuthGrant>();

  readonly forbiddenChannels = new Set<string>();
  /** Users whose privacy settings refuse DMs from the bot. */
  readonly closedDms = new Set<string>();
  denyConsent = false;
  oauthUser: OAuthGrant;

  readonly requests = new Recording<RecordedRequest>('REST request');
  readonly sentMessages = new Recording<SentMessage>('sent message');
  /** The bot's messages by `channel:nonce`, for enforce_nonce (a scan of sentMessages grew with every message sent). */
  readonly sentNonces = new Map<string, SentMessage>();
  readonly interactionResponses = new Recording<InteractionResponse>('interaction response');
  readonly commandOverwrites = new Recording<CommandOverwrite>('command overwrite');

  constructor(options: { token: string; applicationId: string; clientSecret: string }) {
    this.token = options.token;
    this.applicationId = options.applicationId;
    this.clientSecret = options.clientSecret;
    this.botUser = this.createUser({ username: 'concord-test', bot: true });
    this.oauthUser = { user: this.createUser({ username: 'dashboard-user' }), guilds: [] };
  }

  createUser(input: CreateUserInput): APIUser {
    const user: APIUser = {
      id: generateSnowflake(),
      username: input.username,
      discriminator: '0',
      global_name: input.global_name ?? null,
      avatar: null,
      ...(input.bot ? { bot: true } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  addGuild(input: AddGuildInput): FakeGuild {
    const id = input.id ?? generateSnowflake();
    const roles = (input.roles ?? []).map((role, position) => ({ ...buildRole(role.id ?? generateSnowflake(), role.name, role.permissions ?? 0n, position + 1, role.color ?? 0), managed: role.managed ?? false }));
    const everyone = roles.find((role) => role.id === id || role.name === '@everyone');
    if (everyone) Object.assign(everyone, { id, name: '@everyone', position: 0 });
    else roles.unshift(buildRole(id, '@everyone', defaultEveryonePermissions, 0));

    const members: GuildMember[] = (input.members ?? []).map((m) => buildMember(m.user, m.roles ?? [], m.nick ?? null));
    for (const member of members) this.users.set(member.user.id, member.user);
    // The bot is in every guild the fake knows; Discord would not send it anything otherwise.
    members.push(buildMember(this.botUser, input.botRoles ?? [], null));

    const guild: FakeGuild = {
      id,
      name: input.name,
      owner_id: input.owner_id ?? members[0]?.user.id ?? this.botUser.id,
      roles,
      channels: (input.channels ?? []).map((c, position) => buildTextChannel(c.id ?? generateSnowflake(), id, c.name, position)),
      members,
      bans: new Map(),
      autoModerationRules: new Map(),
    };
    this.guilds.set(id, guild);
    for (const channel of guild.channels) this.channels.set(channel.id, channel);
    return guild;
  }

  /** A new text channel at the end of a guild's list. */
  addChannel(guildId: string, input: { id?: string; name: string }): APITextChannel {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}; add it with fake.addGuild first`);
    const channel = buildTextChannel(input.id ?? generateSnowflake(), guildId, input.name, guild.channels.length);
    guild.channels.push(channel);
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Removes a guild channel and its messages; afterwards Discord answers 404 Unknown Channel for it. */
  deleteChannel(channelId: string): APITextChannel {
    const channel = this.channels.get(channelId);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error(`no guild channel ${channelId}`);
    const guild = this.guildOf(channel);
    if (guild) guild.channels = guild.channels.filter((c) => c.id !== channelId);
    this.channels.delete(channelId);
    for (const message of this.messages.values()) if (message.channel_id === channelId) this.messages.delete(message.id);
    return channel;
  }

  /** The bot's DM channel with a user, created on first use as `POST /users/@me/channels` does. */
  dmChannelFor(userId: string): APIDMChannel {
    for (const channel of this.channels.values()) {
      if (channel.type === ChannelType.DM && channel.recipients?.[0]?.id === userId) return channel;
    }
    const user = this.users.get(userId);
    if (!user) throw new Error(`no user with id ${userId}; create it with fake.createUser first`);
    const channel: APIDMChannel = { id: generateSnowflake(), type: ChannelType.DM, name: null, last_message_id: null, recipients: [user], flags: noFlags<ChannelFlags>() };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The guild a channel belongs to, or null for a DM. */
  guildOf(channel: TextChannel): FakeGuild | null {
    return channel.type === ChannelType.GuildText ? (this.guilds.get(channel.guild_id ?? '') ?? null) : null;
  }

  storeMessage(message: APIMessage): void {
    this.messages.set(message.id, message);
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.last_message_id = message.id;
  }
}

function buildRole(id: string, name: string, permissions: string | bigint, position: number, color = 0): APIRole {
  return {
    id,
    name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: noFlags<RoleFlags>(),
  };
}

export function buildMember(user: APIUser, roles: string[], nick: string | null): GuildMember {
  return {
    user,
    nick,
    avatar: null,
    banner: null,
    roles,
    joined_at: new Date().toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags<GuildMemberFlags>(),
    pending: false,
  };
}

function buildTextChannel(id: string, guildId: string, name: string, position: number): APITextChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: noFlags<ChannelFlags>(),
  };
}

/** Zero in one of discord-api-types' flag enums, which TypeScript will not take as a bare `0`. */
export function noFlags<Flags extends number>(): Flags {
  return 0 as Flags;
}
