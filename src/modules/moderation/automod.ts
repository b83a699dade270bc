// The automod rules Concord enforces itself (Discord's native AutoMod takes blocked words and mention
// spam): blocked patterns, invites to other servers, and spam. A guild without any of them pays three
// reads of its cached settings per message. Otherwise the cheap rules run in this thread, patterns in
// the regex worker with a deadline (so no pattern can stall the gateway), and only a message that
// broke a rule is checked against its author's permissions before enforceViolation takes it.
import type { API } from '@discordjs/core';
import { type GatewayMessageCreateDispatchData, type GatewayMessageUpdateDispatchData, MessageType } from 'discord-api-types/v10';
import type { Logger } from '../../platform/log.ts';
import { type RegexRunner, type RegexSetSource, startRegexRunner } from '../../platform/regex/runner.ts';
import { createExemptions, type Exemptions } from './automod-exemptions.ts';
import { createInviteGuilds, findInviteCodes, foreignInvite, type InviteGuilds } from './automod-invites.ts';
import { admittedPatterns } from './automod-patterns.ts';
import { createSpamTracker, type SpamMessage, type SpamTracker } from './automod-spam.ts';
import type { ModerationContext, ModerationSettings } from './service.ts';
import { enforceViolation, type Violation } from './violations.ts';

/** The rule each violation names in its case. */
export const AUTOMOD_RULES = { pattern: 'Automod: blocked pattern', invite: 'Automod: invite', spam: 'Automod: spam' } as const;

/** Messages automod acted on lately, so an edit arriving while one is being taken is not taken twice. */
const RECENT_VIOLATIONS = 1_000;

/** Message types people write; joins, boosts, pins and the rest are Discord's. */
const CHECKED_TYPES: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

export interface AutomodOptions {
  discord: () => API | undefined;
  log: Logger;
}

export interface Automod {
  /** Checks a new message against the guild's rules and acts on a violation. */
  onMessage(ctx: ModerationContext, message: GatewayMessageCreateDispatchData): Promise<void> | undefined;
  /** Checks an edited message's new text (patterns and invites; an edit is not spam). */
  onEdit(ctx: ModerationContext, message: GatewayMessageUpdateDispatchData): Promise<void>;
  /** The rule a message breaks, before exemptions by permission: what the bench measures. */
  detect(ctx: ModerationContext, message: AutomodMessage, counted: boolean): Promise<Found | undefined>;
  /** A guild's roles or channels changed: its permission view is read again when next needed. */
  forgetGuild(guildId: string): void;
  close(): Promise<void>;
}

/** What automod reads of a message. */
export interface AutomodMessage {
  id: string;
  guildId: string;
  channelId: string;
  userId: string;
  roleIds: readonly string[];
  content: string;
  at: number;
}

export interface Found {
  rule: string;
  reason: string;
  /** For spam: the burst's other messages, deleted with it. */
  burst?: SpamMessage[];
}

/** Whether any rule Concord enforces is set: the one test a guild without automod pays. */
export function hasConcordRules(s: ModerationSettings): boolean {
  return Boolean(s.automod_blocked_patterns || s.automod_block_invites || s.automod_spam_messages);
}

export function createAutomod({ discord, log }: AutomodOptions): Automod {
  // Its own worker (the custom-command triggers have theirs): a guild's turn, a deadline, set aside when over it.
  const runner: RegexRunner = startRegexRunner({ log: log.child({ rule: AUTOMOD_RULES.pattern }) });
  const exemptions: Exemptions = createExemptions({ discord });
  const invites: InviteGuilds = createInviteGuilds();
  const spam: SpamTracker = createSpamTracker();
  // A guild's patterns compiled once per value of the setting: same text, same set (and the worker
  // keeps the compiled automaton by its id).
  const patternSets = new Map<string, { text: string; set: RegexSetSource }>();
  const recent = new Set<string>();
  let lastSetId = 0;

  const patternSetOf = (guildId: string, text: string | null): RegexSetSource | undefined => {
    if (!text) {
      patternSets.delete(guildId);
      return undefined;
    }
    const cached = patternSets.get(guildId);
    if (cached?.text === text) {
      // The same text read afresh (the settings were reloaded): keep the new string, so the next
      // comparisons are of one string with itself, which V8 answers without reading it.
      cached.text = text;
      return cached.set;
    }
    const set = { id: ++lastSetId, patterns: admittedPatterns(text) };
    patternSets.set(guildId, { text, set });
    return set;
  };

  const detect = async (ctx: ModerationContext, m: AutomodMessage, counted: boolean): Promise<Found | undefined> => {
    const s = ctx.settings;
    if (counted && s.automod_spam_messages) {
      const limit = { messages: s.automod_spam_messages, seconds: s.automod_spam_seconds ?? 5 };
      const burst = spam.record(m.guildId, m.userId, { id: m.id, channelId: m.channelId, at: m.at }, limit);
      if (burst) return { rule: AUTOMOD_RULES.spam, reason: `${burst.length} messages within ${limit.seconds} seconds`, burst: burst.filter((b) => b.id !== m.id) };
    } else if (counted) spam.forget(m.guildId);
    if (s.automod_block_invites) {
      const codes = findInviteCodes(m.content);
      const api = ctx.discord;
      const foreign = codes.length > 0 && api ? await foreignInvite(api, invites, m.guildId, codes) : undefined;
      if (foreign) return { rule: AUTOMOD_RULES.invite, reason: `an invite to another server (discord.gg/${foreign})` };
    }
    const set = patternSetOf(m.guildId, s.automod_blocked_patterns);
    if (set && set.patterns.length > 0 && m.content !== '') {
      const index = await runner.firstMatch(m.guildId, set, m.content);
      const hit = set.patterns[index];
      if (hit) return { rule: AUTOMOD_RULES.pattern, reason: `matched \`${hit.pattern}\`` };
    }
    return undefined;
  };

  const check = async (ctx: ModerationContext, m: AutomodMessage, counted: boolean) => {
    const s = ctx.settings;
    if (s.automod_exempt_channel_ids.includes(m.channelId) || s.automod_exempt_role_ids.some((id) => m.roleIds.includes(id))) return;
    const found = await detect(ctx, m, counted);
    if (!found || recent.has(m.id)) return;
    const exempt = await exemptions.isExempt(m.guildId, m, s.automod_exempt_channel_ids);
    if (exempt) return;
    if (exempt === null) {
      log.warn({ guild: m.guildId, rule: found.rule }, 'automod could not read the author’s permissions from Discord; the message is left alone');
      return;
    }
    // Checked again: the permission read above may have let an edit's check through meanwhile.
    if (recent.has(m.id)) return;
    recent.add(m.id);
    if (recent.size > RECENT_VIOLATIONS) recent.delete(recent.values().next().value as string);
    const violation: Violation = { guildId: m.guildId, userId: m.userId, channelId: m.channelId, messageId: m.id, rule: found.rule, reason: found.reason, now: Date.now() };
    await enforceViolation(ctx, violation);
    if (found.burst?.length && ctx.discord) await deleteBurst(ctx.discord, found.burst, found.rule, ctx.log);
  };

  return {
    onMessage(ctx, message) {
      // A server without Concord's own rules (most): no promise, so the runtime sets no deadline timer per message.
      if (!hasConcordRules(ctx.settings)) return undefined;
      const m = automodMessage(message);
      return m ? check(ctx, m, true) : undefined;
    },
    async onEdit(ctx, message) {
      const s = ctx.settings;
      if (!s.automod_blocked_patterns && !s.automod_block_invites) return;
      // Only a person's edit (an embed unfurled is an update without edited_timestamp) with its text.
      if (!message.edited_timestamp || typeof message.content !== 'string') return;
      const m = automodMessage(message);
      if (m) await check(ctx, m, false);
    },
    detect,
    forgetGuild: (guildId) => exemptions.forget(guildId),
    close: () => runner.close(),
  };
}

/** The message as automod reads it; undefined for what it never checks (DMs, bots, webhooks, Discord's own). */
function automodMessage(message: GatewayMessageCreateDispatchData | GatewayMessageUpdateDispatchData): AutomodMessage | undefined {
  // An update may come without its author (Discord's older, partial MESSAGE_UPDATE): nothing to judge.
  if (!message.guild_id || !message.author || message.author.bot || message.webhook_id || !CHECKED_TYPES.has(message.type)) return undefined;
  return {
    id: message.id,
    guildId: message.guild_id,
    channelId: message.channel_id,
    userId: message.author.id,
    roleIds: message.member?.roles ?? [],
    content: message.content,
    at: Date.parse(message.timestamp),
  };
}

/** Deletes a spam burst's earlier messages: one bulk delete a channel (a lone one on its own); failures are logged. */
async function deleteBurst(discord: API, burst: readonly SpamMessage[], rule: string, log: Logger): Promise<void> {
  const byChannel = new Map<string, string[]>();
  for (const m of burst) byChannel.set(m.channelId, [...(byChannel.get(m.channelId) ?? []), m.id]);
  await Promise.all(
    [...byChannel].map(async ([channelId, ids]) => {
      try {
        if (ids.length === 1) await discord.channels.deleteMessage(channelId, ids[0] as string, { reason: rule });
        else await discord.channels.bulkDeleteMessages(channelId, ids, { reason: rule });
      } catch (error) {
        log.warn({ err: error, channel: channelId, rule }, 'automod could not delete a spam burst’s earlier messages');
      }
    }),
  );
}
