// Discord's AutoMod at work in the fake: a member's message matched against the guild's enabled rules
// (keywords with Discord's wildcards, regex patterns, mention spam) before it is posted; a match runs
// the rule's actions. https://discord.com/developers/docs/resources/auto-moderation
import {
  type APIAutoModerationAction,
  type APIAutoModerationRule,
  type APIUser,
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  type GatewayAutoModerationActionExecutionDispatchData,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { jsonError } from './errors.ts';
import type { FakeGateway } from './gateway.ts';
import { buildMessage } from './payloads.ts';
import { memberPermissions } from './permissions.ts';
import { memberUpdate } from './routes/guilds.ts';
import type { FakeGuild, FakeState, TextChannel } from './state.ts';

/** What a member's message triggered: the rule, and what in it matched. */
interface Trigger {
  rule: APIAutoModerationRule;
  keyword: string | null;
  matched: string | null;
}

/**
 * Runs the guild's enabled MESSAGE_SEND rules on a member's message, as Discord does before posting
 * it: each triggered rule's actions execute (AUTO_MODERATION_ACTION_EXECUTION once per action). When
 * one of them blocks, the member gets 400 200000 and `post` never runs; otherwise the message is
 * posted and the executions name it.
 */
export function moderateMessage<M extends { id: string }>(
  context: { state: FakeState; gateway: FakeGateway },
  guild: FakeGuild,
  channel: TextChannel,
  author: APIUser,
  content: string,
  post: () => M,
): M {
  const triggers = triggered(guild, channel, author, content);
  const blocks = triggers.some((t) => t.rule.actions.some((a) => a.type === AutoModerationActionType.BlockMessage));
  const message = blocks ? null : post();
  for (const trigger of triggers) {
    for (const action of trigger.rule.actions) execute(context, guild, channel, author, content, trigger, action, message?.id);
  }
  if (!message) throw jsonError(400, 200000, 'Message was blocked by automatic moderation');
  return message;
}

function triggered(guild: FakeGuild, channel: TextChannel, author: APIUser, content: string): Trigger[] {
  const rules = [...guild.autoModerationRules.values()].filter((r) => r.enabled && r.event_type === AutoModerationRuleEventType.MessageSend);
  if (rules.length === 0 || isExemptMember(guild, author.id)) return [];
  const roles = new Set(guild.members.find((m) => m.user.id === author.id)?.roles ?? []);
  return rules
    .filter((rule) => !rule.exempt_channels.includes(channel.id) && !rule.exempt_roles.some((id) => roles.has(id)))
    .flatMap((rule) => {
      const found = match(rule, content);
      return found ? [{ rule, ...found }] : [];
    });
}

/** Discord never applies AutoMod to members with Manage Server or Administrator (the owner has both). */
function isExemptMember(guild: FakeGuild, userId: string): boolean {
  const permissions = BigInt(memberPermissions(guild, userId));
  return (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
}

function match(rule: APIAutoModerationRule, content: string): { keyword: string | null; matched: string | null } | undefined {
  const metadata = rule.trigger_metadata;
  if (rule.trigger_type === AutoModerationRuleTriggerType.MentionSpam) {
    // Unique user and role mentions; @everyone and @here are not counted.
    const mentions = new Set([...content.matchAll(/<@(!?|&)(\d+)>/g)].map((m) => `${m[1] === '&' ? 'role' : 'user'}:${m[2]}`));
    return mentions.size > (metadata.mention_total_limit ?? Number.POSITIVE_INFINITY) ? { keyword: null, matched: null } : undefined;
  }
  if (rule.trigger_type !== AutoModerationRuleTriggerType.Keyword) return undefined;
  const allowed = (text: string) => (metadata.allow_list ?? []).some((keyword) => keywordMatch(keyword, text) !== null);
  for (const keyword of metadata.keyword_filter ?? []) {
    const matched = keywordMatch(keyword, content);
    if (matched !== null && !allowed(matched)) return { keyword, matched };
  }
  for (const pattern of metadata.regex_patterns ?? []) {
    const matched = new RegExp(pattern, 'u').exec(content)?.[0];
    if (matched !== undefined && !allowed(matched)) return { keyword: pattern, matched };
  }
  return undefined;
}

/**
 * Discord's keyword matching, case-insensitive: `cat` a whole word (or phrase) between whitespace,
 * `cat*` a word starting with it, `*cat` one ending with it, `*cat*` anywhere. The substring that
 * matched (the whole word, for a wildcard), or null.
 */
export function keywordMatch(keyword: string, content: string): string | null {
  const anyStart = keyword.startsWith('*');
  const anyEnd = keyword.length > 1 && keyword.endsWith('*');
  const core = keyword.slice(anyStart ? 1 : 0, anyEnd ? -1 : undefined).trim();
  if (core === '') return null;
  const phrase = core
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('\\s+');
  const source = `${anyStart ? '\\S*' : '(?<=^|\\s)'}${phrase}${anyEnd ? '\\S*' : '(?=$|\\s)'}`;
  return new RegExp(source, 'iu').exec(content)?.[0] ?? null;
}

function execute(
  { state, gateway }: { state: FakeState; gateway: FakeGateway },
  guild: FakeGuild,
  channel: TextChannel,
  author: APIUser,
  content: string,
  trigger: Trigger,
  action: APIAutoModerationAction,
  messageId: string | undefined,
): void {
  let alertId: string | undefined;
  if (action.type === AutoModerationActionType.SendAlertMessage) {
    const alertChannel = state.channels.get(action.metadata?.channel_id ?? '');
    if (alertChannel) {
      // The alert is a system message in the alert channel, "authored" by the member who triggered it.
      const alert = buildMessage({ channel: alertChannel, author, content: '', type: MessageType.AutoModerationAction, embeds: [{ type: 'auto_moderation_message' as never, description: content }] });
      state.storeMessage(alert);
      gateway.dispatchMessage(GatewayDispatchEvents.MessageCreate, alert);
      alertId = alert.id;
    }
  }
  if (action.type === AutoModerationActionType.Timeout) {
    const member = guild.members.find((m) => m.user.id === author.id);
    if (member) {
      member.communication_disabled_until = new Date(Date.now() + (action.metadata?.duration_seconds ?? 0) * 1_000).toISOString();
      gateway.dispatch(guild.id, GatewayDispatchEvents.GuildMemberUpdate, memberUpdate(guild, member), GatewayIntentBits.GuildMembers);
    }
  }
  const data: GatewayAutoModerationActionExecutionDispatchData = {
    guild_id: guild.id,
    action,
    rule_id: trigger.rule.id,
    rule_trigger_type: trigger.rule.trigger_type,
    user_id: author.id,
    channel_id: channel.id,
    ...(messageId ? { message_id: messageId } : {}),
    ...(alertId ? { alert_system_message_id: alertId } : {}),
    content,
    matched_keyword: trigger.keyword,
    matched_content: trigger.matched,
  };
  gateway.dispatchAutoModerationExecution(guild.id, data);
}
