// What a custom command may be: the rules shared by the API and the `/command` slash command.
import * as v from 'valibot';
import { checkTemplate } from './template.ts';

/** Discord's slash-command name rule, lowercase only. */
export const NAME_PATTERN = /^[-_a-z0-9]{1,32}$/;

export const Snowflake = v.pipe(v.string(), v.regex(/^\d{15,21}$/, 'must be a Discord id (a string of 15-21 digits)'));

export const CommandName = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(NAME_PATTERN, 'must be 1-32 characters: lowercase letters, digits, - or _'),
);

export const CommandResponse = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(2_000, 'must be at most 2000 characters'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const message of checkTemplate(dataset.value)) addIssue({ message });
  }),
);

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
const Metadata = v.record(v.string(), v.unknown());

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
  }),
  v.check((changes) => Object.keys(changes).length > 0, 'name at least one field to change'),
);
