// `automod_spam_messages` within `automod_spam_seconds`: each member's recent messages in a guild,
// counted across its channels. The message that completes a burst is a violation once; the member
// then starts afresh, so a flood that goes on is one violation per burst, not one per message.
// Memory is bounded: fewer than `messages` entries a member and MAX_MEMBERS_PER_GUILD members a guild.

/** Members tracked per guild; past it the one quiet longest is forgotten. */
export const MAX_MEMBERS_PER_GUILD = 5_000;

export interface SpamMessage {
  id: string;
  channelId: string;
  at: number;
}

export interface SpamLimit {
  messages: number;
  seconds: number;
}

export interface SpamTracker {
  /** Counts a member's message; the whole burst (this message last) when it completes one, else undefined. */
  record(guildId: string, userId: string, message: SpamMessage, limit: SpamLimit): SpamMessage[] | undefined;
  /** Forgets a guild's counts (its spam rule was turned off). */
  forget(guildId: string): void;
  /** Members tracked in a guild, for tests and the bench. */
  size(guildId: string): number;
}

export function createSpamTracker({ maxMembersPerGuild = MAX_MEMBERS_PER_GUILD } = {}): SpamTracker {
  const guilds = new Map<string, Map<string, SpamMessage[]>>();
  return {
    record(guildId, userId, message, { messages, seconds }) {
      let members = guilds.get(guildId);
      if (!members) {
        members = new Map();
        guilds.set(guildId, members);
      }
      const since = message.at - seconds * 1_000;
      const recent = (members.get(userId) ?? []).filter((m) => m.at > since);
      recent.push(message);
      // Re-inserted, so the map's first member is the one quiet longest.
      members.delete(userId);
      if (recent.length >= messages) return recent;
      members.set(userId, recent);
      if (members.size > maxMembersPerGuild) members.delete(members.keys().next().value as string);
      return undefined;
    },
    forget(guildId) {
      guilds.delete(guildId);
    },
    size: (guildId) => guilds.get(guildId)?.size ?? 0,
  };
}
