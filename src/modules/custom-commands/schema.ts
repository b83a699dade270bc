// What a custom command may be: the rules shared by the API and the `/command` slash command.
import * as v from 'valibot';
import { COMMAND_NAME_PATTERN } from '../../platform/discord/limits.ts';
import { JsonObject, Snowflake } from '../../platform/http/schemas.ts';
import { checkRegex } from '../../platform/regex/limits.ts';
import { checkTemplate } from '../../platform/template/template.ts';
import { Buttons, Embeds, ResponsesRich } from './rich.ts';
import { MAX_PATTERN_LENGTH } from './triggers/trigger-limits.ts';

export const CommandName = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(COMMAND_NAME_PATTERN, 'must be 1-32 characters: lowercase letters, digits, - or _'),
  // What a client may send is wider than what is stored: the OpenAPI input says so (api/openapi.ts).
  v.metadata({ inputPattern: '^\\s*[-_A-Za-z0-9]{1,32}\\s*$', description: 'trimmed and lowercased, then 1-32 of a-z, 0-9, - and _' }),
);

/** May be empty when the response has embeds (the service checks that a reply is never empty). */
export const CommandResponse = v.pipe(
  v.string(),
  v.maxLength(2_000, 'must be at most 2000 characters'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const message of checkTemplate(dataset.value)) addIssue({ message });
  }),
);

const Ids = v.pipe(v.array(Snowflake), v.maxLength(50, 'at most 50 ids'));
/** Who may run it; see permissions.ts for the one rule of precedence. */
export const PermissionsSchema = v.strictObject({
  allow_roles: v.optional(Ids, []),
  deny_roles: v.optional(Ids, []),
  allow_channels: v.optional(Ids, []),
  deny_channels: v.optional(Ids, []),
});

/** The other responses of a pool, each a template like `response`. */
const Responses = v.pipe(v.array(CommandResponse), v.maxLength(20, 'at most 20 more responses'));
const Description = v.pipe(v.string(), v.maxLength(100, 'must be at most 100 characters'));
const Aliases = v.pipe(
  v.array(CommandName),
  v.maxLength(10, 'at most 10 aliases'),
  v.check((list) => new Set(list).size === list.length, 'must not repeat a name'),
);
const Cooldown = v.pipe(
  v.number(),
  v.integer('must be a whole number of seconds'),
  v.minValue(0, 'must be 0 or more'),
  v.maxValue(86_400, 'must be at most 86400 (one day)'),
);
const Metadata = JsonObject();
/** A context-menu command: Apps → <name> on a message or on a member. */
const CommandContextKind = v.picklist(['message', 'user'], 'must be "message", "user" or null');

/** How a trigger matches a message. */
export const TRIGGER_TYPES = ['exact', 'starts_with', 'contains', 'regex'] as const;

/** An auto-response trigger; a regex is compiled when saved, so a bad or too costly one is a 422, not a failure later. */
export const TriggerSchema = v.pipe(
  v.strictObject({
    type: v.picklist(TRIGGER_TYPES, 'must be exact, starts_with, contains or regex'),
    pattern: v.pipe(
      v.string(),
      v.minLength(1, 'must not be empty'),
      v.maxLength(MAX_PATTERN_LENGTH, `must be at most ${MAX_PATTERN_LENGTH} characters`),
    ),
    case_sensitive: v.optional(v.boolean(), false),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value.type !== 'regex') return;
    const problem = checkRegex(dataset.value.pattern, dataset.value.case_sensitive);
    if (problem) addIssue({ message: problem, path: [{ type: 'object', origin: 'value', input: dataset.value, key: 'pattern', value: dataset.value.pattern }] });
  }),
);

export const NewCommandSchema = v.strictObject({
  guild_id: v.optional(v.nullable(Snowflake), null),
  name: CommandName,
  response: CommandResponse,
  description: v.optional(Description, ''),
  aliases: v.optional(Aliases, []),
  cooldown_seconds: v.optional(Cooldown, 0),
  enabled: v.optional(v.boolean(), true),
  created_by: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(100))), null),
  metadata: v.optional(Metadata, {}),
  trigger: v.optional(v.nullable(TriggerSchema), null),
  responses: v.optional(Responses, []),
  permissions: v.optional(PermissionsSchema, { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] }),
  channel_cooldown_seconds: v.optional(Cooldown, 0),
  guild_cooldown_seconds: v.optional(Cooldown, 0),
  embeds: v.optional(Embeds, []),
  buttons: v.optional(Buttons, []),
  responses_rich: v.optional(ResponsesRich, []),
  slash: v.optional(v.boolean(), false),
  context: v.optional(v.nullable(CommandContextKind), null),
});

export const CommandChangesSchema = v.pipe(
  v.strictObject({
    name: v.optional(CommandName),
    response: v.optional(CommandResponse),
    description: v.optional(Description),
    aliases: v.optional(Aliases),
    cooldown_seconds: v.optional(Cooldown),
    enabled: v.optional(v.boolean()),
    metadata: v.optional(Metadata),
    trigger: v.optional(v.nullable(TriggerSchema)),
    responses: v.optional(Responses),
    permissions: v.optional(PermissionsSchema),
    channel_cooldown_seconds: v.optional(Cooldown),
    guild_cooldown_seconds: v.optional(Cooldown),
    embeds: v.optional(Embeds),
    buttons: v.optional(Buttons),
    responses_rich: v.optional(ResponsesRich),
    slash: v.optional(v.boolean()),
    context: v.optional(v.nullable(CommandContextKind)),
  }),
  // minEntries, not a check: the OpenAPI document shows it as minProperties.
  v.minEntries(1, 'name at least one field to change'),
);
