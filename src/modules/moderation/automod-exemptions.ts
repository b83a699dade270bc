// Who automod never acts on, decided only once a message broke a rule (so a clean message costs
// nothing here): the owner, and members with Administrator or Manage Messages in the message's channel,
// from the roles the message carries, the guild's roles and the channel's overwrites (a thread's are
// its parent's); and messages in a channel whose category or parent is exempt. The guild's roles and
// channels are read from Discord once and kept until a role, channel or the guild changes.
// https://discord.com/developers/docs/topics/permissions#permission-overwrites
import type { API } from '@discordjs/core';
import { type APIOverwrite, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { memberPermissions } from '../../features/auth/permissions.ts';
import { createGuildCache } from '../../platform/guild-cache.ts';

interface ChannelView {
  parentId: string | null;
  overwrites: readonly APIOverwrite[];
}

/** What the permission maths needs of a guild. */
export interface PermissionView {
  ownerId: string;
  roles: readonly { id: string; permissions: string }[];
  channels: ReadonlyMap<string, ChannelView>;
  /** Threads seen, to their parent channel. */
  threads: Map<string, string>;
}

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** Threads whose parent was looked up, per guild; beyond, a thread is looked up again. */
const MAX_THREADS_PER_GUILD = 1_000;

export interface Exemptions {
  /** Whether the author may not be acted on (or the channel is exempt by its parent); null when Discord could not say. */
  isExempt(guildId: string, message: { userId: string; roleIds: readonly string[]; channelId: string }, exemptChannelIds: readonly string[]): Promise<boolean | null>;
  /** Forgets a guild's roles and channels (one changed). */
  forget(guildId: string): void;
}

export function createExemptions({ discord, ttlMs = 600_000 }: { discord: () => API | undefined; ttlMs?: number }): Exemptions {
  const views = createGuildCache<PermissionView | null>(
    async (guildId) => {
      const api = discord();
      // Thrown, not cached: the next violation asks again.
      if (!api) throw new Error('not connected to Discord');
      const [guild, channels] = await Promise.all([api.guilds.get(guildId), api.guilds.getChannels(guildId)]);
      return { ownerId: guild.owner_id, roles: guild.roles, channels: new Map(channels.map((c) => [c.id, viewOf(c)])), threads: new Map() };
    },
    { ttlMs, fallback: () => null },
  );

  /** The channel (a thread: its parent) and the ids whose exemption covers it: itself, its parent, its category. */
  const channelOf = async (view: PermissionView, channelId: string): Promise<{ ids: string[]; overwrites: readonly APIOverwrite[] } | null> => {
    const ids = [channelId];
    let channel = view.channels.get(channelId);
    if (!channel) {
      // Not among the guild's channels: a thread, whose permissions are its parent's.
      let parentId = view.threads.get(channelId);
      if (parentId === undefined) {
        const thread = await discord()
          ?.channels.get(channelId)
          .catch(() => undefined);
        if (!thread || !('parent_id' in thread) || !thread.parent_id) return null;
        parentId = thread.parent_id;
        if (view.threads.size >= MAX_THREADS_PER_GUILD) view.threads.delete(view.threads.keys().next().value as string);
        view.threads.set(channelId, parentId);
      }
      channel = view.channels.get(parentId);
      if (!channel) return null;
      ids.push(parentId);
    }
    if (channel.parentId) ids.push(channel.parentId);
    return { ids, overwrites: channel.overwrites };
  };

  return {
    async isExempt(guildId, { userId, roleIds, channelId }, exemptChannelIds) {
      const view = await views.get(guildId);
      if (!view) return null;
      if (userId === view.ownerId) return true;
      const channel = await channelOf(view, channelId);
      if (!channel) return null;
      if (channel.ids.some((id) => exemptChannelIds.includes(id))) return true;
      const bits = channelPermissions(guildId, userId, roleIds, view.roles, channel.overwrites);
      return (bits & PermissionFlagsBits.ManageMessages) !== 0n;
    },
    forget: (guildId) => views.invalidate(guildId),
  };
}

/** A member's permissions in a channel: the guild's, then @everyone's, the roles' and the member's overwrites. */
export function channelPermissions(guildId: string, userId: string, roleIds: readonly string[], roles: PermissionView['roles'], overwrites: readonly APIOverwrite[]): bigint {
  let bits = memberPermissions(guildId, roleIds, roles);
  // Administrator has every permission, whatever the overwrites say.
  if (bits & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) bits = (bits & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== guildId && roleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  bits = (bits & ~deny) | allow;
  const member = overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
  if (member) bits = (bits & ~BigInt(member.deny)) | BigInt(member.allow);
  return bits;
}

function viewOf(channel: { parent_id?: string | null; permission_overwrites?: APIOverwrite[] }): ChannelView {
  return { parentId: channel.parent_id ?? null, overwrites: channel.permission_overwrites ?? [] };
}
