// What Discord's own AutoMod can express of a guild's automod settings, it enforces at no cost to
// Concord: blocked words as one KEYWORD rule and the mention limit as one MENTION_SPAM rule, both
// blocking the message. Concord keeps them in step with the settings (made, changed, deleted),
// remembers their ids, and makes each message they block a case.
// https://discord.com/developers/docs/resources/auto-moderation
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import {
  type APIAutoModerationRule,
  type APIRole,
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  type GatewayAutoModerationActionExecutionDispatchData,
  PermissionFlagsBits,
  type RESTPostAPIAutoModerationRuleJSONBody,
} from 'discord-api-types/v10';
import { batched } from '../../platform/batch.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import type { Logger } from '../../platform/log.ts';
import text from './automod-rules.sql';
import { botIdOf, type ModerationContext, type ModerationSettings } from './service.ts';
import { enforceViolation } from './violations.ts';

const Q = namedQueries(text, ['getRulesOf', 'getSettledRules', 'lockRules', 'saveRules']);

/** Each native rule: its name in Discord (how Concord knows its own), its trigger, and the rule its cases name. */
export const NATIVE_RULES = {
  words: { name: 'Concord: blocked words', trigger: AutoModerationRuleTriggerType.Keyword, caseRule: 'Automod: blocked words' },
  mentions: { name: 'Concord: mention spam', trigger: AutoModerationRuleTriggerType.MentionSpam, caseRule: 'Automod: mention spam' },
} as const;
type Kind = keyof typeof NATIVE_RULES;
const KINDS = Object.keys(NATIVE_RULES) as Kind[];

/** What the member sees instead of their message (Discord allows 150 characters). */
const BLOCKED_MESSAGE = 'Your message was not sent: it breaks a rule of this server.';
/** Discord's limit on a rule's exempt roles. */
const EXEMPT_ROLES_MAX = 20;
/** Discord never applies AutoMod to these: their roles need no room in the exempt list. */
const EXEMPT_BY_DISCORD = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

interface RulesRow {
  guild_id: string;
  words_rule_id: string | null;
  mentions_rule_id: string | null;
  refused_at: Date | null;
  refused_reason: string | null;
}

type RuleBody = RESTPostAPIAutoModerationRuleJSONBody;

/** What a sync needs: the module's sql and log, the Discord client, and the guild's state read fresh. */
export interface NativeRulesDeps {
  sql: Sql;
  discord: API;
  log: Logger;
  /** Whether the module is on in the guild, and its settings there, as saved now (read with `sql`). */
  stateOf(sql: Sql, guildId: string): Promise<{ enabled: boolean; settings: ModerationSettings }>;
}

/** Whether a guild in this state, with these rules stored, has nothing to sync. */
const nothingToSync = ({ enabled, settings }: { enabled: boolean; settings: ModerationSettings }, stored: RulesRow | null | undefined) =>
  !(enabled && isWanted(settings)) && !stored?.words_rule_id && !stored?.mentions_rule_id;

/**
 * Brings the guild's native rules in step with its settings: each made, changed or deleted as needed,
 * one per kind (a rule of the bot's with Concord's name is adopted, a second one deleted). Syncs of a
 * guild take its row's lock, so two processes at once make one rule. A guild without the rules, and
 * none to make, costs one query and no Discord call; at its GUILD_CREATE (`atGuildCreate`), none at
 * all and no promise (undefined) when its rules were read ahead at READY (`readRulesAhead`) and `known`
 * says it wants none. When Discord refuses, a warning is logged once per guild.
 */
export function syncNativeRules(deps: NativeRulesDeps, guildId: string, known?: { enabled: boolean; settings: ModerationSettings }, atGuildCreate = false): Promise<void> | undefined {
  const ahead = atGuildCreate ? takeReadAhead(deps.sql, guildId) : undefined;
  if (known && ahead !== undefined && !(ahead instanceof Promise) && nothingToSync(known, ahead)) return undefined;
  return syncAfterReading(deps, guildId, known, ahead);
}

async function syncAfterReading(deps: NativeRulesDeps, guildId: string, known: { enabled: boolean; settings: ModerationSettings } | undefined, ahead: ReadAhead | undefined): Promise<void> {
  const { sql } = deps;
  // undefined: not read ahead, or the read failed.
  const answer = ahead === undefined ? undefined : await ahead;
  const stored = answer === undefined ? await storedRules(sql, guildId) : answer;
  // What the caller knows (the state its event was delivered with) decides whether to look further.
  if (nothingToSync(known ?? (await deps.stateOf(sql, guildId)), stored)) return;
  await oneAtATime(sql, () => lockedSync(deps, guildId));
}

async function lockedSync(deps: NativeRulesDeps, guildId: string): Promise<void> {
  const { sql, log } = deps;
  await sql.begin(async (tx) => {
    const txSql = tx as unknown as Sql;
    const row = await one<RulesRow>(txSql, Q.lockRules, [guildId]);
    // Read again under the lock (a sync that held it before may have followed a later change), on the
    // transaction's own connection: one more from the pool could wait forever behind syncs holding theirs.
    const now = await deps.stateOf(txSql, guildId);
    const outcome = await reconcile(deps, guildId, row, now.enabled ? now.settings : undefined);
    await exec(txSql, Q.saveRules, [guildId, outcome.ids.words, outcome.ids.mentions, outcome.refused]);
    if (outcome.refused && !row?.refused_at) log.warn({ guild: guildId, reason: outcome.refused }, 'Discord refused the native AutoMod rules: blocked words and the mention limit are not enforced in this server until it allows them');
    if (!outcome.refused && row?.refused_at) log.info({ guild: guildId }, 'the native AutoMod rules are in place again');
  });
}

// A guild not read ahead (below) asks after its rules itself: guilds asked for less than 2 ms apart share one
// query, up to 50 ms of them (the GUILD_CREATEs after READY stream in over a second or more, where a
// fixed 2 ms made a query of every few), and a lone sync (a settings change) waits 2 ms.
const loaders = new WeakMap<Sql, (guildId: string) => Promise<RulesRow | undefined>>();
function storedRules(sql: Sql, guildId: string): Promise<RulesRow | undefined> {
  let load = loaders.get(sql);
  if (!load) {
    load = batched<RulesRow | undefined>((guildIds) => rowsOf(sql, guildIds), { empty: () => undefined, waitMs: 2, maxWaitMs: 50 });
    loaders.set(sql, load);
  }
  return load(guildId);
}

/** The stored rows of these guilds, by guild id (a guild without one is not there). */
async function rowsOf(sql: Sql, guildIds: readonly string[]): Promise<Map<string, RulesRow>> {
  return new Map((await many<RulesRow>(sql, Q.getRulesOf, [guildIds])).map((row) => [row.guild_id, row]));
}

// READY lists the guilds whose GUILD_CREATEs follow, each of which syncs: their rows are read then, a
// query per 1,000 guilds, and each guild's GUILD_CREATE sync takes its answer (null: no row), once.
// Most guilds have no rules and want none; with the answer in hand their sync is over at once, with
// no query, timer or promise of its own (each one pending was a few hundred bytes kept through the
// burst's scavenges). An answer is as old as the time from READY to its GUILD_CREATE (the burst's
// seconds; one not taken in READ_AHEAD_MS is dropped). Rules stored meanwhile were stored by a sync
// that read under the guild's lock, and a change since has a sync of its own: only where that one
// failed (Discord down) does this GUILD_CREATE not repair it, and the next one reads afresh. Other
// syncs (a settings or role change) always read afresh.
type ReadAhead = RulesRow | null | Promise<RulesRow | null | undefined>;
/** Per guild, its answer and the read it came from (a later READY's read replaces an earlier one's). */
const readAhead = new WeakMap<Sql, Map<string, { read: object; answer: ReadAhead }>>();
/** How long an answer read ahead waits for its guild's sync (a guild listed in READY that never comes). */
const READ_AHEAD_MS = 60_000;
const READ_AHEAD_BATCH = 1_000;

/** Reads the rows of `guildIds` (READY's) for their first syncs; a failed read leaves them to read their own. Settles once read. */
export function readRulesAhead(sql: Sql, guildIds: readonly string[], log: Logger): Promise<void> {
  let answers = readAhead.get(sql);
  if (!answers) {
    answers = new Map();
    readAhead.set(sql, answers);
  }
  const kept = answers;
  const reads: Promise<unknown>[] = [];
  for (let at = 0; at < guildIds.length; at += READ_AHEAD_BATCH) {
    const ids = guildIds.slice(at, at + READ_AHEAD_BATCH);
    const read = {};
    const ours = (id: string) => kept.get(id)?.read === read;
    const rows = rowsOf(sql, ids);
    for (const id of ids) {
      const pending = rows.then(
        (found) => {
          const row = found.get(id) ?? null;
          // Not taken yet: the answer itself, so that the sync can end without waiting.
          if (ours(id)) kept.set(id, { read, answer: row });
          return row;
        },
        () => {
          if (ours(id)) kept.delete(id);
          return undefined;
        },
      );
      kept.set(id, { read, answer: pending });
    }
    reads.push(rows.catch((error: unknown) => log.warn({ err: error, guilds: ids.length }, "could not read ahead the guilds' AutoMod rules: each guild's sync reads its own")));
    setTimeout(() => {
      for (const id of ids) if (ours(id)) kept.delete(id);
    }, READ_AHEAD_MS).unref();
  }
  return Promise.all(reads).then(() => undefined);
}

/** The guild's row read ahead, once: a later sync reads afresh. */
function takeReadAhead(sql: Sql, guildId: string): ReadAhead | undefined {
  const answers = readAhead.get(sql);
  const kept = answers?.get(guildId);
  if (kept) answers?.delete(guildId);
  return kept?.answer;
}

// A sync holds a connection of the module's small pool while Discord answers: one at a time per
// pool (per process), so the module's other queries (a case for a block) always find one free.
const running = new WeakMap<Sql, Promise<unknown>>();
function oneAtATime(sql: Sql, work: () => Promise<void>): Promise<void> {
  const next = (running.get(sql) ?? Promise.resolve()).catch(() => undefined).then(work);
  running.set(sql, next);
  return next;
}

/** Turns an AutoMod block by one of Concord's rules into a case; executions of other rules, or of other actions, are not Concord's. */
export async function recordNativeBlock(ctx: ModerationContext & { sql: Sql }, data: GatewayAutoModerationActionExecutionDispatchData): Promise<void> {
  // A rule runs each action once: BLOCK_MESSAGE alone stands for the blocked message, so one case.
  if (data.action.type !== AutoModerationActionType.BlockMessage) return;
  const row = await one<RulesRow>(ctx.sql, Q.getSettledRules, [data.guild_id]);
  const kind = KINDS.find((k) => ruleIdOf(row, k) === data.rule_id);
  if (!kind) return;
  const reason = kind === 'words' ? `matched "${data.matched_keyword ?? data.matched_content ?? 'a blocked word'}"` : `more than ${ctx.settings.automod_max_mentions ?? 'the allowed'} mentions`;
  await enforceViolation(ctx, {
    guildId: data.guild_id,
    userId: data.user_id,
    channelId: data.channel_id ?? '',
    messageId: null,
    rule: NATIVE_RULES[kind].caseRule,
    reason,
    now: Date.now(),
  });
}

function isWanted(settings: ModerationSettings): boolean {
  return blockedWords(settings).length > 0 || settings.automod_max_mentions !== null;
}

/** The blocked words, one per line, without blanks or repeats (Discord ignores case). */
function blockedWords(settings: ModerationSettings): string[] {
  const seen = new Set<string>();
  return (settings.automod_blocked_words ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((word) => word !== '' && !seen.has(word.toLowerCase()) && seen.add(word.toLowerCase()));
}

interface Outcome {
  ids: Record<Kind, string | null>;
  /** Why Discord refused, when it did. */
  refused: string | null;
}

async function reconcile(deps: NativeRulesDeps, guildId: string, row: RulesRow | undefined, settings: ModerationSettings | undefined): Promise<Outcome> {
  const { discord } = deps;
  const ids: Record<Kind, string | null> = { words: ruleIdOf(row, 'words'), mentions: ruleIdOf(row, 'mentions') };
  let existing: APIAutoModerationRule[];
  let desired: Record<Kind, RuleBody | null>;
  try {
    existing = await discord.guilds.getAutoModerationRules(guildId);
    desired = settings ? desiredRules(deps, guildId, settings, await discord.guilds.getRoles(guildId)) : { words: null, mentions: null };
  } catch (error) {
    return { ids, refused: refusal(error) };
  }
  const botId = await botIdOf(discord);
  const refusals: string[] = [];
  for (const kind of KINDS) {
    const { name, trigger } = NATIVE_RULES[kind];
    const ours = existing.filter((r) => r.id === ids[kind] || (r.creator_id === botId && r.name === name && r.trigger_type === trigger));
    const kept = ours.find((r) => r.id === ids[kind]) ?? ours[0];
    try {
      for (const extra of ours) if (extra !== kept) await deleteRule(discord, guildId, extra.id);
      const body = desired[kind];
      if (!body) {
        if (kept) await deleteRule(discord, guildId, kept.id);
        ids[kind] = null;
      } else if (!kept) {
        ids[kind] = (await discord.guilds.createAutoModerationRule(guildId, body, { reason: 'Concord: the automod settings changed' })).id;
      } else {
        if (!isSame(kept, body)) await discord.guilds.editAutoModerationRule(guildId, kept.id, body, { reason: 'Concord: the automod settings changed' });
        ids[kind] = kept.id;
      }
    } catch (error) {
      refusals.push(`${name}: ${refusal(error)}`);
      // The rule Discord still holds (if any) stays Concord's to change or delete next time.
      ids[kind] = kept?.id ?? null;
    }
  }
  return { ids, refused: refusals.length > 0 ? refusals.join('; ') : null };
}

/** The rules the settings ask for; members with Manage Messages are exempt (their roles first after the chosen ones, within Discord's 20). */
function desiredRules(deps: NativeRulesDeps, guildId: string, settings: ModerationSettings, roles: readonly APIRole[]): Record<Kind, RuleBody | null> {
  const moderators = roles
    .filter((role) => (BigInt(role.permissions) & PermissionFlagsBits.ManageMessages) !== 0n && (BigInt(role.permissions) & EXEMPT_BY_DISCORD) === 0n)
    .sort((a, b) => b.position - a.position)
    .map((role) => role.id);
  const exempt = [...new Set([...settings.automod_exempt_role_ids, ...moderators])];
  if (exempt.length > EXEMPT_ROLES_MAX) {
    deps.log.warn({ guild: guildId, roles: exempt.slice(EXEMPT_ROLES_MAX) }, `Discord exempts at most ${EXEMPT_ROLES_MAX} roles from an AutoMod rule: these are not exempt`);
  }
  const common = {
    event_type: AutoModerationRuleEventType.MessageSend,
    actions: [{ type: AutoModerationActionType.BlockMessage, metadata: { custom_message: BLOCKED_MESSAGE } }],
    enabled: true,
    exempt_roles: exempt.slice(0, EXEMPT_ROLES_MAX),
    exempt_channels: [...settings.automod_exempt_channel_ids],
  };
  const words = blockedWords(settings);
  const limit = settings.automod_max_mentions;
  return {
    words: words.length === 0 ? null : { ...common, name: NATIVE_RULES.words.name, trigger_type: NATIVE_RULES.words.trigger, trigger_metadata: { keyword_filter: words } },
    mentions: limit === null ? null : { ...common, name: NATIVE_RULES.mentions.name, trigger_type: NATIVE_RULES.mentions.trigger, trigger_metadata: { mention_total_limit: limit } },
  };
}

/** Whether the rule in Discord already says what `body` does (so no PATCH is sent). */
function isSame(rule: APIAutoModerationRule, body: RuleBody): boolean {
  const sorted = (ids: readonly string[] | undefined) => [...(ids ?? [])].sort().join(',');
  const metadata = body.trigger_metadata ?? {};
  return (
    rule.name === body.name &&
    rule.event_type === body.event_type &&
    rule.enabled === body.enabled &&
    JSON.stringify(rule.actions) === JSON.stringify(body.actions) &&
    JSON.stringify(rule.trigger_metadata.keyword_filter ?? null) === JSON.stringify(metadata.keyword_filter ?? null) &&
    (rule.trigger_metadata.mention_total_limit ?? null) === (metadata.mention_total_limit ?? null) &&
    sorted(rule.exempt_roles) === sorted(body.exempt_roles) &&
    sorted(rule.exempt_channels) === sorted(body.exempt_channels)
  );
}

/** Deletes a rule; one already gone (deleted by hand) is no error. */
async function deleteRule(discord: API, guildId: string, ruleId: string): Promise<void> {
  try {
    await discord.guilds.deleteAutoModerationRule(guildId, ruleId, { reason: 'Concord: the automod settings changed' });
  } catch (error) {
    if (!(error instanceof DiscordAPIError && error.status === 404)) throw error;
  }
}

/** Discord's refusal as one line (no Manage Server, a limit); anything else (Discord down) is thrown on. */
function refusal(error: unknown): string {
  if (error instanceof DiscordAPIError && error.status < 500) return `${error.status} ${error.code}: ${error.message}`;
  throw error;
}

function ruleIdOf(row: RulesRow | undefined, kind: Kind): string | null {
  return (kind === 'words' ? row?.words_rule_id : row?.mentions_rule_id) ?? null;
}
