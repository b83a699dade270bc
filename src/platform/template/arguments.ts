// Typed arguments of custom commands: `{1:user}`, `{2:number}`, `{1:channel}`, `{1:user.mention}`.
// Each is checked before the reply is rendered; a wrong one gets a usage line built from the template.
import { CHANNEL_MENTION, mentionedId, USER_MENTION } from '../ids.ts';

export const ARGUMENT_TYPES = ['user', 'user.mention', 'number', 'channel'] as const;
export type ArgumentType = (typeof ARGUMENT_TYPES)[number];

/** `{1:user}` and friends, anywhere in a template. */
const TYPED = /\{([1-9]):([a-z.]+)\}/g;
const HAS_TYPED = new RegExp(TYPED.source);
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export interface ArgumentInput {
  args: string[];
  /** Display names of the users the message mentioned (Discord resolves `<@id>` in MESSAGE_CREATE). */
  userNames: ReadonlyMap<string, string>;
}

export type TypedArguments =
  | { ok: true; values: Record<string, string>; mentionedUserIds: string[] }
  | { ok: false; problem: string; usage: string };

/** Problems with the typed placeholders of `template`, one message each. */
export function checkTypedPlaceholders(template: string): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  for (const [whole, index = '', type = ''] of template.matchAll(TYPED)) {
    if (!(ARGUMENT_TYPES as readonly string[]).includes(type)) {
      problems.push(`${whole}: the type must be one of ${ARGUMENT_TYPES.join(', ')}`);
      continue;
    }
    const base = baseType(type);
    const seen = types.get(index);
    if (seen && seen !== base) problems.push(`{${index}} is used as both ${seen} and ${base}`);
    types.set(index, base);
  }
  return problems;
}

/** Checks the arguments a template types and renders each typed placeholder; or why one is wrong. */
export function resolveTypedArguments(template: string, input: ArgumentInput, usagePrefix: string): TypedArguments {
  // Most templates type nothing: a test, not matchAll's copy of the regex and its iterator, for each use.
  if (!HAS_TYPED.test(template)) return { ok: true, values: {}, mentionedUserIds: [] };
  const values: Record<string, string> = {};
  const mentioned = new Set<string>();
  for (const [, index = '', type = ''] of template.matchAll(TYPED)) {
    const given = input.args[Number(index) - 1];
    const name = `${index}:${type}`;
    if (name in values || !(ARGUMENT_TYPES as readonly string[]).includes(type)) continue;
    const rendered = given === undefined ? undefined : renderArgument(type as ArgumentType, given, input.userNames);
    if (rendered === undefined) {
      const what = given === undefined ? `argument ${index} is missing` : `\`${given.replace(/[`\\]/g, '').slice(0, 50)}\` is not a ${baseType(type)}`;
      return { ok: false, problem: `${what} (${index}: a ${baseType(type)})`, usage: usageOf(template, usagePrefix) };
    }
    values[name] = rendered.text;
    if (rendered.mention) mentioned.add(rendered.mention);
  }
  return { ok: true, values, mentionedUserIds: [...mentioned] };
}

/** `!greet <user> <number> [text]`: the arguments a template reads, typed where it types them. */
export function usageOf(template: string, prefix: string): string {
  const kinds = new Map<number, string>();
  for (const [, index = '', type = ''] of template.matchAll(TYPED)) kinds.set(Number(index), baseType(type));
  for (const [, index = ''] of template.matchAll(/\{([1-9])\}/g)) if (!kinds.has(Number(index))) kinds.set(Number(index), 'text');
  const highest = Math.max(0, ...kinds.keys());
  const parts = Array.from({ length: highest }, (_, i) => `<${kinds.get(i + 1) ?? 'text'}>`);
  return [prefix, ...parts].join(' ');
}

function renderArgument(type: ArgumentType, given: string, userNames: ReadonlyMap<string, string>): { text: string; mention?: string } | undefined {
  switch (type) {
    case 'user':
    case 'user.mention': {
      const id = mentionedId(USER_MENTION, given);
      if (!id) return undefined;
      // Without a name from Discord, `<@id>` shows as the user's name and, with no allowed mention, pings nobody.
      return type === 'user' ? { text: userNames.get(id) ?? `<@${id}>` } : { text: `<@${id}>`, mention: id };
    }
    case 'channel': {
      const id = mentionedId(CHANNEL_MENTION, given);
      return id ? { text: `<#${id}>` } : undefined;
    }
    case 'number': {
      if (!NUMBER.test(given)) return undefined;
      const value = Number(given);
      return Number.isFinite(value) ? { text: String(value) } : undefined;
    }
  }
}

function baseType(type: string): string {
  return type === 'user.mention' ? 'user' : type;
}
