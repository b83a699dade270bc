// Join and leave messages, combined in a burst: the first one in a channel waits a short window, and
// every greeting queued for that channel meanwhile goes out with it, in as few messages as Discord's
// limits allow (2,000 characters, or 4,096 in an embed; 100 users a message may ping). A raid of
// joins is then a handful of messages instead of hundreds.
import type { API } from '@discordjs/core';
import type { Logger } from '../../platform/log.ts';
import { renderTemplate } from '../../platform/template/template.ts';

/** How long the first greeting of a burst waits for others to join it. */
export const BURST_WINDOW_MS = 2_000;
const CONTENT_MAX = 2_000;
const EMBED_DESCRIPTION_MAX = 4_096;
/** Discord's cap on `allowed_mentions.users`. */
const MENTIONS_MAX = 100;

export interface Greeting {
  guildId: string;
  channelId: string;
  /** `{user}`, `{user.mention}`, `{guild}`, `{member_count}` and the custom-command placeholders that fit. */
  template: string;
  embed: boolean;
  /** Whether `{user.mention}` pings (a join: the new member only) or not (a leave: they are gone). */
  ping: boolean;
  user: { id: string; displayName: string };
}

interface Burst {
  api: API;
  log: Logger;
  greetings: Greeting[];
  timer: NodeJS.Timeout;
}

export interface Greeter {
  add(api: API, log: Logger, greeting: Greeting): void;
  /** Sends every waiting burst now (on stop). */
  flushAll(): Promise<void>;
}

export function createGreeter(windowMs = BURST_WINDOW_MS): Greeter {
  const bursts = new Map<string, Burst>();
  const flush = async (key: string) => {
    const burst = bursts.get(key);
    if (!burst) return;
    bursts.delete(key);
    clearTimeout(burst.timer);
    const first = burst.greetings[0];
    if (!first) return;
    try {
      for (const body of await messagesFor(burst.api, burst.greetings)) await burst.api.channels.createMessage(first.channelId, body);
    } catch (error) {
      // The channel is gone or closed to the bot: these greetings are dropped, not retried.
      burst.log.warn({ err: error, guild: first.guildId, channel: first.channelId, greetings: burst.greetings.length }, 'welcome: greetings could not be posted');
    }
  };
  return {
    add(api, log, greeting) {
      const key = `${greeting.guildId}:${greeting.channelId}:${greeting.embed}:${greeting.ping}`;
      const burst = bursts.get(key);
      if (burst) burst.greetings.push(greeting);
      else bursts.set(key, { api, log, greetings: [greeting], timer: setTimeout(() => void flush(key), windowMs) });
    },
    async flushAll() {
      await Promise.all([...bursts.keys()].map(flush));
    },
  };
}

/** The burst rendered, one line per greeting, split into messages within Discord's limits. */
async function messagesFor(api: API, greetings: readonly Greeting[]) {
  const first = greetings[0] as Greeting;
  // One read of the guild for the whole burst: its name and how many members it has now.
  const guild = await api.guilds.get(first.guildId, { with_counts: true });
  const count = String(guild.approximate_member_count ?? '');
  const lines = greetings.map((g) =>
    renderTemplate(g.template.replaceAll('{member_count}', count), { user: g.user, channel: { id: g.channelId }, guild: { name: guild.name }, args: [], uses: 0 }),
  );
  const max = first.embed ? EMBED_DESCRIPTION_MAX : CONTENT_MAX;
  const chunks: { text: string; users: string[] }[] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    const users = first.ping ? line.mentionedUserIds : [];
    if (last && last.text.length + 1 + line.content.length <= max && last.users.length + users.length <= MENTIONS_MAX) {
      last.text += `\n${line.content}`;
      last.users.push(...users);
    } else chunks.push({ text: line.content.slice(0, max), users: [...users] });
  }
  return chunks.map(({ text, users }) => ({
    ...(first.embed ? { embeds: [{ description: text }] } : { content: text }),
    // Only the members greeted may be pinged: never @everyone, @here or a role the template names.
    allowed_mentions: { parse: [], users: [...new Set(users)] },
  }));
}
