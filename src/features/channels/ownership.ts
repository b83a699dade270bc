// Which guild a channel is in, so that a stored channel id is only ever sent to inside the guild it
// was stored for. From the gateway's guild data where this process has it (GUILD_CREATE channels and
// threads, kept current by CHANNEL_* and THREAD_* events), else Discord's GET /channels/{id}, cached briefly.
import { type Client, GatewayDispatchEvents } from '@discordjs/core';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type APIChannel, Routes } from 'discord-api-types/v10';

export type ChannelCheck = { ok: true } | { ok: false; reason: string };

export interface ChannelOwnership {
  /** False without a bot token: nothing can be asked of Discord then. */
  readonly canCheck: boolean;
  /**
   * Whether `channelId` is a channel (or thread) of `guildId`; `null` asks for a DM channel, outside
   * every guild. Throws when Discord cannot answer now (5xx, network), so a caller may retry.
   */
  check(channelId: string, guildId: string | null): Promise<ChannelCheck>;
  /** Follows `client`'s guild and channel events, and asks Discord through its REST from now on. */
  observe(client: Client): void;
}

/** A stored channel that is not (or no longer) where it was stored for: no retry can fix it. */
export class ChannelRefusedError extends Error {
  override name = 'ChannelRefusedError';
}

/** Throws ChannelRefusedError, with the reason, unless `channelId` is in `guildId` (null: a DM). */
export async function requireChannelIn(channels: ChannelOwnership, channelId: string, guildId: string | null): Promise<void> {
  const result = await channels.check(channelId, guildId);
  if (!result.ok) throw new ChannelRefusedError(result.reason);
}

export interface ChannelOwnershipOptions {
  /** The bot token; without one, `canCheck` is false. */
  token: string | undefined;
  apiUrl: string;
  /** How long Discord's answer about a channel is kept. */
  ttlMs?: number;
  now?: () => number;
}

/** Discord's answers kept at most; a burst of lookups of distinct channels cannot grow memory past it. */
const MAX_CACHED = 10_000;

/** Where a channel is: in a guild, outside every guild (a DM), or nowhere the bot can see (why). */
type Place = { guildId: string | null } | { missing: string };

export function createChannelOwnership(options: ChannelOwnershipOptions): ChannelOwnership {
  const { ttlMs = 60_000, now = Date.now } = options;
  // One index: a per-guild set of the same ids cost ~2.6 KB a guild at rest, for GUILD_DELETE alone.
  const guildOfChannel = new Map<string, string>();
  // Guilds whose channels are in it: only these need the scan when the bot leaves one.
  const indexedGuilds = new Set<string>();
  const answers = new Map<string, { place: Place; expiresAt: number }>();
  const asking = new Map<string, Promise<Place>>();
  let rest: REST | undefined;
  // Until a gateway connection lends its REST (api-only, or before the bot connects), a quiet one of our own.
  const restOf = () => {
    rest ??= options.token ? new REST({ api: options.apiUrl, version: '10', handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(options.token) : undefined;
    return rest;
  };

  const remember = (guildId: string, channelId: string) => {
    guildOfChannel.set(channelId, guildId);
    indexedGuilds.add(guildId);
    answers.delete(channelId);
  };
  const forget = (channelId: string, why: string | undefined) => {
    guildOfChannel.delete(channelId);
    if (why) answers.set(channelId, { place: { missing: why }, expiresAt: now() + ttlMs });
    else answers.delete(channelId);
  };
  const forgetGuild = (guildId: string) => {
    if (!indexedGuilds.delete(guildId)) return;
    // A scan of every channel known: the bot leaving a guild is rare, and deleting while iterating a Map is safe.
    for (const [channelId, owner] of guildOfChannel) if (owner === guildId) guildOfChannel.delete(channelId);
  };

  const ask = async (channelId: string): Promise<Place> => {
    const client = restOf();
    if (!client) throw new Error('no DISCORD_TOKEN: cannot ask Discord about a channel');
    try {
      const channel = (await client.get(Routes.channel(channelId))) as APIChannel;
      return { guildId: 'guild_id' in channel && channel.guild_id ? channel.guild_id : null };
    } catch (error) {
      // 404 Unknown Channel, 403 Missing Access: Discord's final word. Anything else may pass.
      if (error instanceof DiscordAPIError && (error.status === 404 || error.status === 403)) {
        return { missing: `${error.status} ${error.message} (${error.code})` };
      }
      throw error;
    }
  };

  const placeOf = async (channelId: string): Promise<Place> => {
    const guildId = guildOfChannel.get(channelId);
    if (guildId) return { guildId };
    const kept = answers.get(channelId);
    if (kept && kept.expiresAt > now()) return kept.place;
    const pending = asking.get(channelId);
    if (pending) return pending;
    const question = ask(channelId).finally(() => asking.delete(channelId));
    asking.set(channelId, question);
    const place = await question;
    answers.delete(channelId);
    if (answers.size >= MAX_CACHED) answers.delete(answers.keys().next().value ?? '');
    answers.set(channelId, { place, expiresAt: now() + ttlMs });
    return place;
  };

  return {
    get canCheck() {
      return rest !== undefined || options.token !== undefined;
    },
    async check(channelId, guildId) {
      const place = await placeOf(channelId);
      if ('missing' in place) return { ok: false, reason: `the bot cannot see channel ${channelId}: ${place.missing}` };
      if (place.guildId === guildId) return { ok: true };
      return { ok: false, reason: guildId ? `channel ${channelId} is not in guild ${guildId}` : `channel ${channelId} is not a direct message channel` };
    },
    observe(client) {
      rest = client.rest;
      client.on(GatewayDispatchEvents.GuildCreate, ({ data }) => {
        if (!('channels' in data)) return;
        // A guild seen before (a new session after a reconnect) is written over, not scanned for first:
        // 2,500 guilds each scanning every channel froze the bot for minutes. A channel deleted while the
        // bot was away stays in the index, harmlessly: it is still in no other guild (a channel never
        // moves), and Discord refuses a send to it.
        for (const channel of data.channels) remember(data.id, channel.id);
        for (const thread of data.threads ?? []) remember(data.id, thread.id);
      });
      client.on(GatewayDispatchEvents.GuildDelete, ({ data }) => {
        // `unavailable` is an outage: the guild and its channels come back with it.
        if (!data.unavailable) forgetGuild(data.id);
      });
      client.on(GatewayDispatchEvents.ChannelCreate, ({ data }) => remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ChannelUpdate, ({ data }) => remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ChannelDelete, ({ data }) => forget(data.id, 'the channel was deleted'));
      client.on(GatewayDispatchEvents.ThreadCreate, ({ data }) => data.guild_id && remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ThreadUpdate, ({ data }) => data.guild_id && remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ThreadDelete, ({ data }) => forget(data.id, 'the thread was deleted'));
      client.on(GatewayDispatchEvents.ThreadListSync, ({ data }) => {
        for (const thread of data.threads) remember(data.guild_id, thread.id);
      });
    },
  };
}
