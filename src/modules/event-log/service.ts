// The event log in one process: the caches that let it say what a deleted message held or what a
// member had before, the audit-log pairing, the batched poster and the writer of stored entries, all
// driven by one timer. Built by the module's setup; every handler gets it as `ctx.instance`.
import type { API } from '@discordjs/core';
import type { APIEmoji, APIGuild, APIGuildChannel, APIRole } from 'discord-api-types/v10';
import type { ModuleConfig, ModuleContext } from '../../module-kit/contract.ts';
import type { Sql } from '../../platform/db/connect.ts';
import type { Logger } from '../../platform/log.ts';
import { isoTime } from '../../platform/time/iso.ts';
import { AuditPairing } from './audit-pairing.ts';
import { GuildLru } from './guild-lru.ts';
import { KIND_INFO } from './kinds.ts';
import { createPoster, type Poster, type PosterStats } from './poster.ts';
import { deleteChannelFault, deleteExpiredEntries, deleteUserEntries, insertEntries, type NewEntry, upsertChannelFault } from './queries.ts';
import { type EntryInput, relativeTime, renderEntry } from './render.ts';
import { logChannelOf, type SETTINGS } from './settings.ts';

export type EventLogContext = ModuleContext<typeof SETTINGS, EventLog>;

/** A message as the cache keeps it: enough to show it once deleted. */
export interface CachedMessage {
  channelId: string;
  authorId: string;
  authorName: string;
  content: string;
  attachments: string[];
}

/** Kept for a message by an ignored author: its delete is not logged (nor shown as "not cached"). */
export const IGNORED = Symbol('ignored');

export interface MemberSnapshot {
  id: string;
  name: string;
  nick: string | null;
  roles: string[];
  timeoutUntil: string | null;
  joinedAt: string | null;
  bot: boolean;
}

/** What a server looked like, to say what a change changed. */
export interface GuildStructure {
  guild: Partial<APIGuild>;
  channels: Map<string, APIGuildChannel>;
  roles: Map<string, APIRole>;
  emojis: Map<string, APIEmoji>;
}

export interface EventLogOptions {
  sql: Sql | undefined;
  discord: () => API | undefined;
  log: Logger;
  config: Pick<ModuleConfig, 'EVENT_LOG_CACHE_PER_GUILD' | 'EVENT_LOG_CACHE_MAX' | 'EVENT_LOG_FLUSH_INTERVAL_MS' | 'EVENT_LOG_AUDIT_WAIT_MS'>;
}

export interface EventLog {
  readonly messages: GuildLru<CachedMessage | typeof IGNORED>;
  readonly members: GuildLru<MemberSnapshot>;
  /** Who is in which voice channel (`guild:user` → channel), in servers that log voice. */
  readonly voice: Map<string, string>;
  readonly structures: Map<string, GuildStructure>;
  readonly audit: AuditPairing;
  /** Posts (in a round) and stores an entry, if its category has a channel in the server. */
  record(ctx: EventLogContext, input: EntryInput): void;
  /** A handler's part that waits (for an audit entry): its failure logged, awaited on close. */
  later(work: () => Promise<void>): void;
  /** One round now: every channel's next post, and the stored entries waiting. */
  flush(signal?: AbortSignal): Promise<void>;
  /** Deletes entries past their retention; how many went. */
  sweep(): Promise<number>;
  /** Forgets what the caches and the database keep about a user. */
  deleteUser(userId: string): Promise<number>;
  stats(): PosterStats & { cachedMessages: number; cachedMembers: number; unwritten: number };
  close(): Promise<void>;
}

/** How often expired entries are deleted. */
const SWEEP_INTERVAL_MS = 60 * 60_000;
const SWEEP_BATCH = 5_000;
/** Rows written per statement, and kept in memory while the database is away. */
const WRITE_BATCH = 1_000;
const MAX_UNWRITTEN = 50_000;
const DAY_MS = 86_400_000;

export function createEventLog(options: EventLogOptions): EventLog {
  const { sql, log, config } = options;
  const bounds = { perGuild: config.EVENT_LOG_CACHE_PER_GUILD, max: config.EVENT_LOG_CACHE_MAX };
  const messages = new GuildLru<CachedMessage | typeof IGNORED>(bounds);
  const members = new GuildLru<MemberSnapshot>(bounds);
  const audit = new AuditPairing({ waitMs: config.EVENT_LOG_AUDIT_WAIT_MS });
  const pending = new Set<Promise<void>>();
  let unwritten: NewEntry[] = [];
  let writing = false;

  const poster: Poster = createPoster({
    discord: options.discord,
    log,
    onBroken(guildId, channelId, failure) {
      log.warn({ guild: guildId, channel: channelId, status: failure.status, code: failure.code }, `a log channel refused our posts (${failure.message}): its entries are not posted until it works again (tried every 15 minutes)`);
      if (sql) later(() => upsertChannelFault(sql, guildId, channelId, { status: failure.status, code: String(failure.code), reason: failure.message }));
    },
    onWorking(guildId, channelId) {
      log.info({ guild: guildId, channel: channelId }, 'a log channel takes our posts again');
      if (sql) later(() => deleteChannelFault(sql, guildId, channelId));
    },
  });

  const write = async () => {
    if (!sql || writing || unwritten.length === 0) return;
    writing = true;
    try {
      while (unwritten.length > 0) {
        const batch = unwritten.slice(0, WRITE_BATCH);
        await insertEntries(sql, batch);
        unwritten = unwritten.slice(batch.length);
      }
    } catch (error) {
      log.warn({ err: error, waiting: unwritten.length }, 'storing event-log entries failed; they are tried again next round');
    } finally {
      writing = false;
    }
  };

  function later(work: () => Promise<void>): void {
    const running = work()
      .catch((error: unknown) => log.error({ err: error }, 'an event-log handler failed'))
      .finally(() => pending.delete(running));
    pending.add(running);
  }

  const flush = async (signal?: AbortSignal) => {
    await Promise.all([poster.round(signal), write()]);
  };
  const sweep = async () => {
    if (!sql) return 0;
    let total = 0;
    for (let deleted = SWEEP_BATCH; deleted === SWEEP_BATCH; total += deleted) deleted = await deleteExpiredEntries(sql, SWEEP_BATCH);
    return total;
  };
  const flushTimer = setInterval(() => void flush(), config.EVENT_LOG_FLUSH_INTERVAL_MS).unref();
  const sweepTimer = setInterval(() => later(async () => void (await sweep())), SWEEP_INTERVAL_MS).unref();

  return {
    messages,
    members,
    voice: new Map(),
    structures: new Map(),
    audit,
    record(ctx, input) {
      const guildId = ctx.guild?.id;
      const { category } = KIND_INFO[input.kind];
      const channelId = guildId ? logChannelOf(ctx.settings, category) : null;
      if (!guildId || !channelId) return;
      const occurredAt = input.occurredAt ?? new Date();
      const rendered = renderEntry(input, occurredAt);
      poster.enqueue({ guildId, channelId, kind: input.kind, ...rendered, line: `${relativeTime(occurredAt)} ${input.summary}` });
      if (!sql) return;
      unwritten.push({
        guild_id: guildId,
        kind: input.kind,
        category,
        occurred_at: isoTime(occurredAt),
        user_id: input.user?.id ?? null,
        channel_id: input.channelId ?? null,
        moderator_id: input.moderator?.id ?? null,
        summary: input.summary,
        details: { ...input.details, ...(ctx.settings.include_content ? input.content : {}) },
        expires_at: new Date(occurredAt.getTime() + (ctx.settings.retention_days ?? 30) * DAY_MS).toISOString(),
      });
      if (unwritten.length > MAX_UNWRITTEN) unwritten = unwritten.slice(-MAX_UNWRITTEN);
    },
    later,
    flush,
    sweep,
    async deleteUser(userId) {
      messages.deleteWhere((m) => m !== IGNORED && m.authorId === userId);
      members.deleteWhere((m) => m.id === userId);
      return sql ? deleteUserEntries(sql, userId) : 0;
    },
    stats: () => ({ ...poster.stats(), cachedMessages: messages.size, cachedMembers: members.size, unwritten: unwritten.length }),
    async close() {
      clearInterval(flushTimer);
      clearInterval(sweepTimer);
      // Waiting pairs end unpaired now, so their entries make the last round.
      audit.close();
      await Promise.all([...pending]);
      await flush(AbortSignal.timeout(5_000));
    },
  };
}
