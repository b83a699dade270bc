// What a guild holds, read from Discord's REST API with the bot token and cached briefly: its
// channels, roles and members, so the dashboard shows names instead of ids. Reading REST (not the
// gateway's cache) keeps it working when the API runs in a process of its own. The same short-lived
// copies of a member and the roles tell the dashboard what a user may do there now.
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type APIChannel, type APIGuild, type APIGuildMember, type APIRole, ChannelType, type RESTAPIPartialCurrentUserGuild, RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import { AppError } from '../../platform/errors/app-error.ts';
import { memberPermissions } from '../auth/permissions.ts';
import type { DirectoryChannel, DirectoryMember, DirectoryRole } from './schema.ts';

export interface GuildDirectory {
  channels(guildId: string): Promise<DirectoryChannel[]>;
  roles(guildId: string): Promise<DirectoryRole[]>;
  searchMembers(guildId: string, query: string, limit: number): Promise<DirectoryMember[]>;
  /** The members among `ids` still in the guild; ids of those who left are left out. */
  members(guildId: string, ids: readonly string[]): Promise<DirectoryMember[]>;
  /** The ids of the guilds the bot is in, or null without a bot token. */
  botGuildIds(): Promise<ReadonlySet<string> | null>;
  /** What `userId` may do in the guild now, from their current roles; null when they are not in it. */
  currentMember(guildId: string, userId: string): Promise<CurrentMember | null>;
}

export interface CurrentMember {
  roleIds: string[];
  /** Guild-wide permission bits of their roles (and @everyone). */
  permissions: bigint;
  isOwner: boolean;
}

export interface DirectoryOptions {
  token: string | undefined;
  apiUrl: string;
  /** How long a guild's channels and roles, or one member, are reused; default 60 s. */
  ttlMs?: number;
  now?: () => number;
}

const TIMEOUT_MS = 5_000;

/** A directory over Discord's REST API; without a bot token every call is a 503 saying so. */
export function createGuildDirectory(options: DirectoryOptions): GuildDirectory {
  const ttl = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const rest = options.token ? new REST({ api: options.apiUrl, version: '10', timeout: TIMEOUT_MS }).setToken(options.token) : undefined;
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();

  /** One request per key at a time; a failure is not kept, so the next call tries again. */
  const cached = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttl) return hit.value as Promise<T>;
    const value = load();
    cache.set(key, { at: now(), value });
    value.catch(() => cache.delete(key));
    // Keep the map from growing without bound on a busy installation.
    if (cache.size > 5_000) for (const [k, entry] of cache) if (now() - entry.at >= ttl) cache.delete(k);
    return value;
  };

  const get = async <T>(route: `/${string}`, query?: URLSearchParams): Promise<T> => {
    if (!rest) throw new AppError('unavailable', 'DISCORD_NOT_CONFIGURED', 'set DISCORD_TOKEN so the API can read channels, roles and members from Discord');
    try {
      return (await rest.get(route, query ? { query } : {})) as T;
    } catch (error) {
      throw fromDiscord(error);
    }
  };

  const rawRoles = (guildId: string) => cached(`roles:${guildId}`, () => get<APIRole[]>(Routes.guildRoles(guildId)));
  /** The member as Discord has them; null for someone who left (the caller shows their id). */
  const rawMember = (guildId: string, userId: string) =>
    cached(`member:${guildId}:${userId}`, async () => {
      try {
        return await get<APIGuildMember>(Routes.guildMember(guildId, userId));
      } catch (error) {
        if (error instanceof AppError && error.code === 'DISCORD_UNKNOWN_MEMBER') return null;
        throw error;
      }
    });

  return {
    channels: (guildId) => cached(`channels:${guildId}`, async () => (await get<APIChannel[]>(Routes.guildChannels(guildId))).map(toChannel).sort(byPosition)),
    roles: async (guildId) => (await rawRoles(guildId)).map(toRole).sort((a, b) => b.position - a.position),
    searchMembers: (guildId, query, limit) =>
      cached(`search:${guildId}:${limit}:${query.toLowerCase()}`, async () =>
        (await get<APIGuildMember[]>(Routes.guildMembersSearch(guildId), new URLSearchParams({ query, limit: String(limit) }))).map(toMember),
      ),
    members: async (guildId, ids) => {
      const found = await Promise.all([...new Set(ids)].map((id) => rawMember(guildId, id)));
      return found.filter((member): member is APIGuildMember => member !== null).map(toMember);
    },
    currentMember: async (guildId, userId) => {
      const [member, roles, guild] = await Promise.all([
        rawMember(guildId, userId),
        rawRoles(guildId),
        // https://discord.com/developers/docs/resources/guild#get-guild: its owner_id.
        cached(`guild:${guildId}`, () => get<APIGuild>(Routes.guild(guildId))),
      ]);
      if (!member) return null;
      return { roleIds: member.roles, permissions: memberPermissions(guildId, member.roles, roles), isOwner: guild.owner_id === userId };
    },
    botGuildIds: () => {
      if (!rest) return Promise.resolve(null);
      return cached('bot-guilds', async () => {
        // https://discord.com/developers/docs/resources/user#get-current-user-guilds: 200 a page, by id.
        const ids = new Set<string>();
        for (let after = '0'; ; ) {
          const page = await get<RESTAPIPartialCurrentUserGuild[]>(Routes.userGuilds(), new URLSearchParams({ limit: '200', after }));
          for (const guild of page) ids.add(guild.id);
          const last = page.at(-1);
          if (page.length < 200 || !last) return ids;
          after = last.id;
        }
      });
    },
  };
}

/** A guild the bot is not in (or may not see) as the client's mistake, a 404; undefined for any other error. */
export function notInGuild(error: unknown): AppError | undefined {
  if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownGuild || error.status === 403)) {
    return new AppError('not_found', 'BOT_NOT_IN_GUILD', 'Concord is not in this guild (or may not see it): add the bot to it first', { cause: error });
  }
  return undefined;
}

/** Discord's refusals as errors the dashboard can show; anything else is Discord's failure (upstream). */
function fromDiscord(error: unknown): AppError {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser) return new AppError('not_found', 'DISCORD_UNKNOWN_MEMBER', 'no such member in this guild');
  }
  const absent = notInGuild(error);
  if (absent) return absent;
  const status = error instanceof DiscordAPIError ? error.status : undefined;
  return new AppError('upstream', 'DISCORD_UNAVAILABLE', `Discord did not answer as expected${status ? ` (HTTP ${status})` : ''}; try again shortly`);
}

const CHANNEL_TYPES: Partial<Record<ChannelType, DirectoryChannel['type']>> = {
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'announcement',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'stage',
  [ChannelType.GuildForum]: 'forum',
  [ChannelType.GuildCategory]: 'category',
};

function toChannel(channel: APIChannel): DirectoryChannel {
  const c = channel as APIChannel & { name?: string | null; parent_id?: string | null; position?: number };
  return { id: c.id, name: c.name ?? '', type: CHANNEL_TYPES[c.type] ?? 'other', parent_id: c.parent_id ?? null, position: c.position ?? 0 };
}

function byPosition(a: DirectoryChannel, b: DirectoryChannel): number {
  return a.position - b.position || a.name.localeCompare(b.name);
}

function toRole(role: APIRole): DirectoryRole {
  return { id: role.id, name: role.name, color: role.color ? `#${role.color.toString(16).padStart(6, '0')}` : null, position: role.position, managed: role.managed };
}

/** https://discord.com/developers/docs/reference#image-formatting */
function toMember(member: APIGuildMember): DirectoryMember {
  const user = member.user;
  const avatar = user.avatar;
  return {
    id: user.id,
    name: member.nick ?? user.global_name ?? user.username,
    username: user.username,
    avatar_url: avatar ? `https://cdn.discordapp.com/avatars/${user.id}/${avatar}.png?size=64` : null,
    bot: user.bot ?? false,
  };
}
