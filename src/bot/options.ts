// Command options: one description serves the prefix form (parsed from text with valibot), the
// slash form (Discord's typed values, checked by the same schemas) and Discord's registration JSON.
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandInteractionDataBasicOption,
  ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import * as v from 'valibot';
import type { CommandOption, OptionValue, OptionValues } from '../module-kit/command-types.ts';
import { CHANNEL_MENTION, mentionedId, ROLE_MENTION, USER_MENTION } from '../platform/ids.ts';

export type ParsedOptions = { ok: true; values: OptionValues } | { ok: false; problem: string };

/** Reads `!name a b "c d"` style arguments into the options, in order; the last may take the rest. */
export function parsePrefixOptions(options: readonly CommandOption[], rawArgs: string): ParsedOptions {
  const values: OptionValues = {};
  const token = /\s*(?:"([^"]*)"|(\S+))/y;
  let position = 0;
  for (const option of options) {
    let text: string | undefined;
    if (option.rest) {
      text = rawArgs.slice(position).trim() || undefined;
      position = rawArgs.length;
    } else {
      token.lastIndex = position;
      const match = token.exec(rawArgs);
      if (match) {
        text = match[1] ?? match[2];
        position = token.lastIndex;
      }
    }
    const parsed = parseOne(option, text);
    if (!parsed.ok) return parsed;
    values[option.name] = parsed.value;
  }
  return { ok: true, values };
}

/** Checks the values Discord sent for a slash command with the same rules as the prefix form. */
export function parseSlashOptions(
  options: readonly CommandOption[],
  given: readonly APIApplicationCommandInteractionDataBasicOption[] = [],
): ParsedOptions {
  const values: OptionValues = {};
  for (const option of options) {
    const value = given.find((g) => g.name === option.name)?.value;
    const parsed = parseOne(option, value === undefined ? undefined : String(value));
    if (!parsed.ok) return parsed;
    values[option.name] = parsed.value;
  }
  return { ok: true, values };
}

/** `!name <required> [optional]`, for replies to a wrong invocation. */
export function usageLine(prefix: string, name: string, options: readonly CommandOption[] = []): string {
  const parts = options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return [`${prefix}${name}`, ...parts].join(' ');
}

const DISCORD_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
  role: ApplicationCommandOptionType.Role,
} as const;

/** The options as Discord's application-command JSON. */
export function toDiscordOptions(options: readonly CommandOption[] = []): APIApplicationCommandBasicOption[] {
  return options.map(
    (option) =>
      ({
        type: DISCORD_TYPES[option.type],
        name: option.name,
        description: option.description,
        required: option.required ?? false,
        ...(option.maxLength !== undefined ? { max_length: option.maxLength } : {}),
        ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
        ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}),
        ...(option.autocomplete ? { autocomplete: true } : {}),
      }) as APIApplicationCommandBasicOption,
  );
}

function parseOne(option: CommandOption, text: string | undefined): { ok: true; value: OptionValue | undefined } | { ok: false; problem: string } {
  if (text === undefined || text === '') {
    return option.required ? { ok: false, problem: `${option.name} is required` } : { ok: true, value: undefined };
  }
  const result = v.safeParse(schemaFor(option), text);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, problem: `${option.name}: ${result.issues[0]?.message ?? 'is not valid'}` };
}

function schemaFor(option: CommandOption): v.GenericSchema<string, OptionValue> {
  switch (option.type) {
    case 'string':
      return v.pipe(v.string(), v.maxLength(option.maxLength ?? 2_000, `must be at most ${option.maxLength ?? 2_000} characters`));
    case 'integer':
      return v.pipe(
        v.string(),
        v.regex(/^-?\d{1,15}$/, 'must be a whole number'),
        v.transform(Number),
        v.minValue(option.minValue ?? Number.MIN_SAFE_INTEGER, `must be at least ${option.minValue}`),
        v.maxValue(option.maxValue ?? Number.MAX_SAFE_INTEGER, `must be at most ${option.maxValue}`),
      );
    case 'boolean':
      return v.pipe(
        v.string(),
        v.regex(/^(true|false|yes|no|on|off)$/i, 'must be yes or no'),
        v.transform((s) => /^(true|yes|on)$/i.test(s)),
      );
    case 'user':
      return snowflakeFrom(USER_MENTION, 'must be a user mention or id');
    case 'channel':
      return snowflakeFrom(CHANNEL_MENTION, 'must be a channel mention or id');
    case 'role':
      return snowflakeFrom(ROLE_MENTION, 'must be a role mention or id');
  }
}

function snowflakeFrom(pattern: typeof USER_MENTION, message: string) {
  return v.pipe(
    v.string(),
    v.regex(pattern, message),
    v.transform((s) => mentionedId(pattern, s) ?? s),
  );
}
