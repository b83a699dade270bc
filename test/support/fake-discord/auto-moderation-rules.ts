// AutoMod rules as Discord takes them: each checked against Discord's limits on its way in (a 50035
// naming the field, 50013 for an action the bot may not set up), filled in as Discord returns them.
// https://discord.com/developers/docs/resources/auto-moderation#auto-moderation-rule-object
import {
  type APIAutoModerationAction,
  type APIAutoModerationRule,
  type APIAutoModerationRuleTriggerMetadata,
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { fieldError, invalidFormBody, missingPermissions } from './errors.ts';
import { memberPermissions } from './permissions.ts';
import type { FakeGuild, FakeState } from './state.ts';

/** How many rules of each trigger type a guild may have. */
const RULES_PER_TRIGGER: Record<number, number> = {
  [AutoModerationRuleTriggerType.Keyword]: 6,
  [AutoModerationRuleTriggerType.Spam]: 1,
  [AutoModerationRuleTriggerType.KeywordPreset]: 1,
  [AutoModerationRuleTriggerType.MentionSpam]: 1,
  [AutoModerationRuleTriggerType.MemberProfile]: 1,
};
const KEYWORD_MAX = 1_000;
const KEYWORD_MAX_CHARS = 60;
const REGEX_MAX = 10;
const REGEX_MAX_CHARS = 260;
const ALLOW_MAX = 100;
const MENTION_LIMIT_MAX = 50;
const EXEMPT_ROLES_MAX = 20;
const EXEMPT_CHANNELS_MAX = 50;
const CUSTOM_MESSAGE_MAX = 150;
/** Four weeks, the longest TIMEOUT action. */
const TIMEOUT_MAX_SECONDS = 2_419_200;
const NAME_MAX = 100;

/** A rule of `guild` made by `creatorId` from a create body, or the 50035/50013 Discord answers. */
export function createRule(state: FakeState, guild: FakeGuild, id: string, body: Record<string, unknown>, creatorId = state.botUser.id): APIAutoModerationRule {
  const triggerType = body.trigger_type;
  const rule = normalise({
    id,
    guild_id: guild.id,
    creator_id: creatorId,
    name: body.name,
    event_type: body.event_type,
    trigger_type: triggerType,
    trigger_metadata: body.trigger_metadata ?? {},
    actions: body.actions,
    enabled: body.enabled ?? false,
    exempt_roles: body.exempt_roles ?? [],
    exempt_channels: body.exempt_channels ?? [],
  });
  check(state, guild, rule);
  const sameType = [...guild.autoModerationRules.values()].filter((r) => r.trigger_type === rule.trigger_type).length;
  const max = RULES_PER_TRIGGER[rule.trigger_type] ?? 0;
  if (sameType >= max) {
    throw invalidFormBody({ _errors: [{ code: 'AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED', message: `Maximum number of rules with trigger type ${rule.trigger_type} is ${max}` }] });
  }
  return rule;
}

/** The rule after a PATCH body (every field optional; the trigger type cannot change), or Discord's refusal. */
export function changeRule(state: FakeState, guild: FakeGuild, current: APIAutoModerationRule, body: Record<string, unknown>): APIAutoModerationRule {
  const editable = ['name', 'event_type', 'trigger_metadata', 'actions', 'enabled', 'exempt_roles', 'exempt_channels'] as const;
  const changed: Record<string, unknown> = { ...current };
  for (const key of editable) if (body[key] !== undefined) changed[key] = body[key];
  const rule = normalise(changed);
  check(state, guild, rule);
  return rule;
}

/** Discord fills in the trigger metadata fields of the rule's type that the body left out. */
function normalise(raw: Record<string, unknown>): APIAutoModerationRule {
  const metadata = (isObject(raw.trigger_metadata) ? raw.trigger_metadata : {}) as APIAutoModerationRuleTriggerMetadata;
  const filled: APIAutoModerationRuleTriggerMetadata =
    raw.trigger_type === AutoModerationRuleTriggerType.Keyword || raw.trigger_type === AutoModerationRuleTriggerType.MemberProfile
      ? { keyword_filter: metadata.keyword_filter ?? [], regex_patterns: metadata.regex_patterns ?? [], allow_list: metadata.allow_list ?? [] }
      : raw.trigger_type === AutoModerationRuleTriggerType.MentionSpam
        ? { mention_total_limit: metadata.mention_total_limit as number, mention_raid_protection_enabled: metadata.mention_raid_protection_enabled ?? false }
        : raw.trigger_type === AutoModerationRuleTriggerType.KeywordPreset
          ? { presets: metadata.presets ?? [], allow_list: metadata.allow_list ?? [] }
          : {};
  return { ...(raw as unknown as APIAutoModerationRule), trigger_metadata: filled };
}

/** Discord's checks, each failure a 50035 leaf at the body's path; the permissions an action needs, 50013. */
function check(state: FakeState, guild: FakeGuild, rule: APIAutoModerationRule): void {
  const errors: Record<string, unknown> = {};
  if (typeof rule.name !== 'string' || rule.name.trim() === '') errors.name = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
  else if (rule.name.length > NAME_MAX) errors.name = maxLength(NAME_MAX);
  if (!Object.values(AutoModerationRuleEventType).includes(rule.event_type)) errors.event_type = choices(AutoModerationRuleEventType);
  if (!(Number.isInteger(rule.trigger_type) && rule.trigger_type in RULES_PER_TRIGGER)) errors.trigger_type = choices(RULES_PER_TRIGGER);
  const metadata = metadataErrors(rule);
  if (Object.keys(metadata).length > 0) errors.trigger_metadata = metadata;
  const actions = actionErrors(guild, rule);
  if (actions) errors.actions = actions;
  if (typeof rule.enabled !== 'boolean') errors.enabled = fieldError('BASE_TYPE_BAD_TYPE', 'Must be a boolean.');
  for (const [key, max] of [['exempt_roles', EXEMPT_ROLES_MAX], ['exempt_channels', EXEMPT_CHANNELS_MAX]] as const) {
    const list = rule[key];
    if (!Array.isArray(list) || list.some((id) => typeof id !== 'string' || !/^\d+$/.test(id))) errors[key] = fieldError('BASE_TYPE_BAD_TYPE', 'Must be a list of snowflakes.');
    else if (list.length > max) errors[key] = maxLength(max);
  }
  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
  const timesOut = rule.actions.some((a) => a.type === AutoModerationActionType.Timeout);
  if (timesOut && !(BigInt(memberPermissions(guild, state.botUser.id)) & PermissionFlagsBits.ModerateMembers)) throw missingPermissions();
}

function metadataErrors(rule: APIAutoModerationRule): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  const metadata = rule.trigger_metadata;
  const strings = (key: 'keyword_filter' | 'regex_patterns' | 'allow_list', max: number, maxChars: number) => {
    const list = metadata[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) errors[key] = fieldError('BASE_TYPE_BAD_TYPE', 'Must be a list.');
    else if (list.length > max) errors[key] = maxLength(max);
    else {
      const each: Record<string, unknown> = {};
      list.forEach((item, i) => {
        if (typeof item !== 'string' || item.length === 0) each[i] = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
        else if (item.length > maxChars) each[i] = maxLength(maxChars);
        else if (key === 'regex_patterns' && !compiles(item)) each[i] = fieldError('AUTO_MODERATION_INVALID_REGEX', 'Invalid regex');
      });
      if (Object.keys(each).length > 0) errors[key] = each;
    }
  };
  strings('keyword_filter', KEYWORD_MAX, KEYWORD_MAX_CHARS);
  strings('regex_patterns', REGEX_MAX, REGEX_MAX_CHARS);
  strings('allow_list', rule.trigger_type === AutoModerationRuleTriggerType.KeywordPreset ? KEYWORD_MAX : ALLOW_MAX, KEYWORD_MAX_CHARS);
  if (rule.trigger_type === AutoModerationRuleTriggerType.MentionSpam) {
    const limit = metadata.mention_total_limit;
    if (limit === undefined || limit === null) errors.mention_total_limit = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
    else if (!Number.isInteger(limit) || limit < 0) errors.mention_total_limit = fieldError('NUMBER_TYPE_MIN', 'int value should be greater than or equal to 0.');
    else if (limit > MENTION_LIMIT_MAX) errors.mention_total_limit = fieldError('NUMBER_TYPE_MAX', `int value should be less than or equal to ${MENTION_LIMIT_MAX}.`);
  }
  return errors;
}

function actionErrors(guild: FakeGuild, rule: APIAutoModerationRule): unknown {
  if (!Array.isArray(rule.actions) || rule.actions.length === 0) return fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  const errors: Record<string, unknown> = {};
  rule.actions.forEach((raw, i) => {
    const action = (isObject(raw) ? raw : {}) as APIAutoModerationAction;
    const metadata = action.metadata ?? {};
    if (action.type === AutoModerationActionType.BlockMessage) {
      if (metadata.custom_message !== undefined && (typeof metadata.custom_message !== 'string' || metadata.custom_message.length > CUSTOM_MESSAGE_MAX)) {
        errors[i] = { metadata: { custom_message: maxLength(CUSTOM_MESSAGE_MAX) } };
      }
    } else if (action.type === AutoModerationActionType.SendAlertMessage) {
      if (!guild.channels.some((c) => c.id === metadata.channel_id)) errors[i] = { metadata: { channel_id: fieldError('CHANNEL_ID_INVALID', 'Invalid channel id') } };
    } else if (action.type === AutoModerationActionType.Timeout) {
      const seconds = metadata.duration_seconds;
      if (rule.trigger_type !== AutoModerationRuleTriggerType.Keyword && rule.trigger_type !== AutoModerationRuleTriggerType.MentionSpam) {
        errors[i] = { type: fieldError('AUTO_MODERATION_INVALID_ACTION_TYPE', 'A timeout action is only allowed for keyword and mention spam rules') };
      } else if (!Number.isInteger(seconds) || Number(seconds) < 0 || Number(seconds) > TIMEOUT_MAX_SECONDS) {
        errors[i] = { metadata: { duration_seconds: fieldError('NUMBER_TYPE_MAX', `int value should be less than or equal to ${TIMEOUT_MAX_SECONDS}.`) } };
      }
    } else if (action.type !== AutoModerationActionType.BlockMemberInteraction) {
      errors[i] = { type: choices(AutoModerationActionType) };
    }
  });
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maxLength(n: number) {
  return fieldError('BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`);
}

function choices(values: object) {
  const allowed = Object.values(values).filter((v) => typeof v === 'number');
  const keys = allowed.length > 0 ? allowed : Object.keys(values).map(Number);
  return fieldError('BASE_TYPE_CHOICES', `Value must be one of (${keys.join(', ')}).`);
}
