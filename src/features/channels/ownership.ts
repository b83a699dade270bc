// Which guild a channel is in, so that a stored channel id is only ever sent to inside the guild it
// was stored for. From the gateway's guild data where this process has it (GUILD_CREATE channels and
// threads, kept current by CHANNEL_* and THREAD_* events), else Discord's GET /channels/{id}, cached briefly.
import { type Client, GatewayDispatchEvents } from '@discordjs/core';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type APIChannel, Routes } from 'discord-api-types/v10';
import { isSnowflake } from '../../platform/ids.ts';

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
  // Each guild's channel and thread ids, sorted, 8 bytes an id: a Map from id strings to their guild
  // kept ~3.4 KiB a guild of 50 channels live (the strings and the table), most of a guild's memory.
  const channelsOf = new Map<string, BigUint64Array>();
  const answers = new Map<string, { place: Place; expiresAt: number }>();
  const asking = new Map<string, Promise<Place>>();
  let rest: REST | undefined;
  // Until a gateway connection lends its REST (api-only, or before the bot connects), a quiet one of our own.
  const restOf = () => {
    rest ??= options.token ? new REST({ api: options.apiUrl, version: '10', handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(options.token) : undefined;
    return rest;
  };

  /** The guild whose channels hold `channelId`, the likely one (`first`) asked first. */
  const indexedGuildOf = (channelId: string, first: string | null): string | undefined => {
    const id = snowflake(channelId);
    if (id === undefined) return undefined;
    const likely = first === null ? undefined : channelsOf.get(first);
    if (first !== null && likely && includes(likely, id)) return first;
    // A channel of another guild (or a DM's, found in none): a refusal, rare enough for a scan.
    for (const [guildId, ids] of channelsOf) if (guildId !== first && includes(ids, id)) return guildId;
    return undefined;
  };
  const indexGuild = (guildId: string, channels: readonly { id: string }[], threads: readonly { id: string }[]) => {
    // Discord's own ids: no need of snowflake()'s check, which was a fifth of the 2,500-guild burst's index cost.
    const ids = new BigUint64Array(channels.length + threads.length);
    let at = 0;
    for (const channel of channels) ids[at++] = BigInt(channel.id);
    for (const thread of threads) ids[at++] = BigInt(thread.id);
    channelsOf.set(guildId, ids.sort());
  };
  const remember = (guildId: string, channelId: string) => {
    answers.delete(channelId);
    const id = snowflake(channelId);
    if (id === undefined) return;
    const ids = channelsOf.get(guildId);
    if (!ids) {
      // Its GUILD_CREATE, when it comes, writes the guild's whole list over this one.
      channelsOf.set(guildId, BigUint64Array.of(id));
      return;
    }
    if (includes(ids, id)) return;
    const at = insertionPoint(ids, id);
    const grown = new BigUint64Array(ids.length + 1);
    grown.set(ids.subarray(0, at));
    grown[at] = id;
    grown.set(ids.subarray(at), at + 1);
    channelsOf.set(guildId, grown);
  };
  const forget = (guildId: string | undefined, channelId: string, why: string) => {
    answers.set(channelId, { place: { missing: why }, expiresAt: now() + ttlMs });
    if (guildId === undefined) return;
    const id = snowflake(channelId);
    const ids = channelsOf.get(guildId);
    if (id === undefined || !ids || !includes(ids, id)) return;
    const at = insertionPoint(ids, id);
    const shrunk = new BigUint64Array(ids.length - 1);
    shrunk.set(ids.subarray(0, at));
    shrunk.set(ids.subarray(at + 1), at);
    channelsOf.set(guildId, shrunk);
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

  const placeOf = async (channelId: string, likely: string | null): Promise<Place> => {
    const guildId = indexedGuildOf(channelId, likely);
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
      const place = await placeOf(channelId, guildId);
      if ('missing' in place) return { ok: false, reason: `the bot cannot see channel ${channelId}: ${place.missing}` };
      if (place.guildId === guildId) return { ok: true };
      return { ok: false, reason: guildId ? `channel ${channelId} is not in guild ${guildId}` : `channel ${channelId} is not a direct message channel` };
    },
    observe(client) {
      rest = client.rest;
      client.on(GatewayDispatchEvents.GuildCreate, ({ data }) => {
        if (!('channels' in data)) return;
        // A guild seen before (a new session after a reconnect) is written over whole.
        indexGuild(data.id, data.channels, data.threads ?? []);
      });
      client.on(GatewayDispatchEvents.GuildDelete, ({ data }) => {
        // `unavailable` is an outage: the guild and its channels come back with it.
        if (!data.unavailable) channelsOf.delete(data.id);
      });
      client.on(GatewayDispatchEvents.ChannelCreate, ({ data }) => remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ChannelUpdate, ({ data }) => remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ChannelDelete, ({ data }) => forget(data.guild_id, data.id, 'the channel was deleted'));
      client.on(GatewayDispatchEvents.ThreadCreate, ({ data }) => data.guild_id && remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ThreadUpdate, ({ data }) => data.guild_id && remember(data.guild_id, data.id));
      client.on(GatewayDispatchEvents.ThreadDelete, ({ data }) => forget(data.guild_id, data.id, 'the thread was deleted'));
      client.on(GatewayDispatchEvents.ThreadListSync, ({ data }) => {
        for (const thread of data.threads) remember(data.guild_id, thread.id);
      });
    },
  };
}

const MAX_SNOWFLAKE = 2n ** 64n - 1n;

/** A snowflake as the number it is; undefined for text that is none (a client's mistake, refused later). */
function snowflake(id: string): bigint | undefined {
  if (!isSnowflake(id)) return undefined;
  const value = BigInt(id);
  return value <= MAX_SNOWFLAKE ? value : undefined;
}


/** Where `id` is, or would go, in the sorted `ids`. */
function insertionPoint(ids: BigUint64Array, id: bigint): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] ?? 0n) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function includes(ids: BigUint64Array, id: bigint): boolean {
  return ids[insertionPoint(ids, id)] === id;
}
