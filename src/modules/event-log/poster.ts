// Posts entries to their log channels in batches: a queue per channel, one message per channel per
// round (up to Discord's 10 embeds and 6,000 characters), so a burst costs a handful of posts at a
// steady pace and never trips a rate limit. When more wait than one message holds, entries of a kind
// are combined into one embed with the full list attached. A channel Discord says is gone or
// forbidden (404, 403) is reported once and left alone for a while instead of retried forever.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { APIEmbed } from 'discord-api-types/v10';
import type { Logger } from '../../platform/log.ts';
import { KIND_INFO, type Kind } from './kinds.ts';
import { cut, EMBED_LIMITS, embedSize } from './render.ts';

/** An entry waiting for its channel's next post. */
export interface QueuedEntry {
  guildId: string;
  channelId: string;
  kind: Kind;
  embed: APIEmbed;
  /** One line for a combined embed's list. */
  line: string;
  text: string;
  files: { name: string; text: string }[];
}

export interface ChannelFailure {
  status: number;
  code: number | string;
  message: string;
}

export interface PosterOptions {
  discord: () => API | undefined;
  log: Logger;
  /** A log channel Discord refused with 403 or 404: told once, until a post there works again. */
  onBroken(guildId: string, channelId: string, failure: ChannelFailure): void;
  /** A channel reported broken took a post again. */
  onWorking(guildId: string, channelId: string): void;
}

export interface Poster {
  enqueue(entry: QueuedEntry): void;
  /** Starts one post for every channel with entries and none in flight; resolves when they are done. */
  round(signal?: AbortSignal): Promise<void>;
  stats(): PosterStats;
}

export interface PosterStats {
  queued: number;
  posts: number;
  /** Entries that were never posted: their channel was broken, a post failed three times, or the queue overflowed. */
  dropped: number;
}

/** A refused channel is tried again after this long: a fixed permission starts working unprompted. */
export const BROKEN_RETRY_MS = 15 * 60_000;
/** Entries one channel may have waiting (a long Discord outage); beyond, the oldest go. */
const MAX_QUEUED = 10_000;
/** Tries before a post's entries are dropped (the REST client already retries 5xx and 429 itself). */
const MAX_ATTEMPTS = 3;
/** Files per message, and their bytes: Discord refuses more than 10 files, or 10 MiB a file without boosts. */
const FILES_PER_MESSAGE = 10;
const FILE_BYTES = 8 * 1_048_576;

interface ChannelQueue {
  guildId: string;
  entries: (QueuedEntry & { attempts: number })[];
  busy: boolean;
  /** While set and in the future, the channel was refused and its entries are dropped. */
  brokenUntil: number;
  reported: boolean;
}

export function createPoster(options: PosterOptions): Poster {
  const { log } = options;
  const queues = new Map<string, ChannelQueue>();
  let posts = 0;
  let dropped = 0;

  const post = async (channelId: string, queue: ChannelQueue, signal: AbortSignal | undefined) => {
    const api = options.discord();
    if (!api) return;
    const combined = queue.entries.length > EMBED_LIMITS.embedsPerMessage ? combine(queue.entries) : queue.entries;
    const { batch, rest } = pack(combined);
    queue.entries = rest;
    queue.busy = true;
    try {
      await api.channels.createMessage(
        channelId,
        {
          embeds: batch.map((entry) => entry.embed),
          allowed_mentions: { parse: [] },
          files: batch.flatMap((entry) => entry.files).map((file) => ({ name: file.name, data: Buffer.from(file.text, 'utf8'), contentType: 'text/plain; charset=utf-8' })),
        },
        signal ? { signal } : {},
      );
      posts++;
      if (queue.reported) {
        queue.reported = false;
        queue.brokenUntil = 0;
        options.onWorking(queue.guildId, channelId);
      }
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
        dropped += batch.length + queue.entries.length;
        queue.entries = [];
        queue.brokenUntil = Date.now() + BROKEN_RETRY_MS;
        if (!queue.reported) {
          queue.reported = true;
          options.onBroken(queue.guildId, channelId, { status: error.status, code: error.code, message: error.message });
        }
        return;
      }
      const again = batch.filter((entry) => ++entry.attempts < MAX_ATTEMPTS);
      dropped += batch.length - again.length;
      queue.entries = [...again, ...queue.entries];
      log.warn({ err: error, guild: queue.guildId, channel: channelId, entries: batch.length, dropped: batch.length - again.length }, 'posting to a log channel failed; its entries wait for the next round');
    } finally {
      queue.busy = false;
    }
  };

  return {
    enqueue(entry) {
      let queue = queues.get(entry.channelId);
      if (!queue) {
        queue = { guildId: entry.guildId, entries: [], busy: false, brokenUntil: 0, reported: false };
        queues.set(entry.channelId, queue);
      }
      if (queue.brokenUntil > Date.now()) {
        dropped++;
        return;
      }
      queue.entries.push({ ...entry, attempts: 0 });
      if (queue.entries.length > MAX_QUEUED) {
        queue.entries.shift();
        dropped++;
      }
    },
    async round(signal) {
      const started: Promise<void>[] = [];
      for (const [channelId, queue] of queues) {
        if (queue.entries.length === 0) {
          // A channel with nothing waiting and nothing to remember costs nothing.
          if (!queue.busy && !queue.reported) queues.delete(channelId);
          continue;
        }
        if (!queue.busy) started.push(post(channelId, queue, signal));
      }
      await Promise.all(started);
    },
    stats: () => ({ queued: [...queues.values()].reduce((n, q) => n + q.entries.length, 0), posts, dropped }),
  };
}

type Waiting = QueuedEntry & { attempts: number };

/**
 * More entries than one message holds: entries of one kind become one embed listing them, with all
 * of them attached as text. Past 10 kinds, one embed per category.
 */
function combine(entries: Waiting[]): Waiting[] {
  const byKind = groupBy(entries, (entry) => entry.kind);
  const groups = byKind.size <= EMBED_LIMITS.embedsPerMessage ? byKind : groupBy(entries, (entry) => KIND_INFO[entry.kind].category);
  return [...groups.values()].map((group) => (group.length === 1 && byKind === groups ? (group[0] as Waiting) : summarise(group)));
}

function summarise(group: Waiting[]): Waiting {
  const first = group[0] as Waiting;
  const sameKind = group.every((entry) => entry.kind === first.kind);
  const title = sameKind ? `${KIND_INFO[first.kind].title} ×${group.length}` : `${group.length} ${KIND_INFO[first.kind].category} entries`;
  const note = '\n… the full list is attached.';
  const lines: string[] = [];
  let length = note.length;
  for (const entry of group) {
    if (length + entry.line.length + 1 > 3_000) break;
    lines.push(entry.line);
    length += entry.line.length + 1;
  }
  const text = group.map((entry) => entry.text).join('\n\n');
  return {
    guildId: first.guildId,
    channelId: first.channelId,
    kind: first.kind,
    embed: {
      title,
      color: sameKind ? KIND_INFO[first.kind].colour : 0x99aab5,
      description: `${lines.join('\n')}${lines.length < group.length ? `\n… and ${group.length - lines.length} more: the full list is attached.` : ''}`,
      timestamp: first.embed.timestamp ?? new Date().toISOString(),
    },
    line: title,
    text,
    files: [{ name: `${sameKind ? first.kind.replaceAll('_', '-') : KIND_INFO[first.kind].category}-${group.length}-entries-${Date.now()}.txt`, text: cutBytes(text, FILE_BYTES) }],
    attempts: Math.max(...group.map((entry) => entry.attempts)),
  };
}

/** As many entries from the front as one message takes; always at least one. */
function pack(entries: Waiting[]): { batch: Waiting[]; rest: Waiting[] } {
  let size = 0;
  let files = 0;
  let bytes = 0;
  let taken = 0;
  for (const entry of entries) {
    const entrySize = embedSize(entry.embed);
    const entryBytes = entry.files.reduce((n, file) => n + Buffer.byteLength(file.text), 0);
    const fits =
      taken < EMBED_LIMITS.embedsPerMessage && size + entrySize <= EMBED_LIMITS.total && files + entry.files.length <= FILES_PER_MESSAGE && bytes + entryBytes <= FILE_BYTES;
    if (!fits && taken > 0) break;
    size += entrySize;
    files += entry.files.length;
    bytes += entryBytes;
    taken++;
  }
  return { batch: entries.slice(0, taken), rest: entries.slice(taken) };
}

function groupBy<K>(entries: Waiting[], keyOf: (entry: Waiting) => K): Map<K, Waiting[]> {
  const groups = new Map<K, Waiting[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return groups;
}

/** Text within `max` bytes of UTF-8 (a combined file past Discord's upload size). */
function cutBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  return cut(text, Math.floor(max / 4));
}
