// Custom commands as Discord application commands: `slash: true` makes one its own slash command,
// with options read from its templates; `context` a context-menu command (Apps → name).
// https://discord.com/developers/docs/interactions/application-commands
import { type PoolFields, responseAt, templateText } from './reply.ts';

/** Application command types: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-types */
const CHAT_INPUT = 1;
const USER = 2;
const MESSAGE = 3;

/** Option types: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type */
const OPTION_TYPES = { text: 3, user: 6, channel: 7, number: 10 } as const;

export interface SlashOption {
  /** Which argument it fills: 1-9, or 0 for the rest (`{args}`). */
  index: number;
  type: keyof typeof OPTION_TYPES;
  name: string;
  description: string;
  required: boolean;
}

/**
 * The options a custom command's slash form takes: one per argument its templates read (`{1:user}`
 * a USER, `{1:number}` a NUMBER, `{1:channel}` a CHANNEL, `{1}` a STRING), in order, required (an
 * argument is positional, so every one up to the last used is); and an optional `text` for the
 * words `{args}` reads beyond them.
 */
export function slashOptionsOf(command: PoolFields): SlashOption[] {
  const text = Array.from({ length: command.responses.length + 1 }, (_, i) => responseAt(command, i))
    .flatMap((parts) => (parts ? [templateText(parts)] : []))
    .join('\n');
  const types = new Map<number, SlashOption['type']>();
  for (const [, index = '', type = ''] of text.matchAll(/\{([1-9]):([a-z.]+)\}/g)) {
    types.set(Number(index), type === 'user' || type === 'user.mention' ? 'user' : type === 'channel' ? 'channel' : type === 'number' ? 'number' : 'text');
  }
  for (const [, index = ''] of text.matchAll(/\{([1-9])\}/g)) if (!types.has(Number(index))) types.set(Number(index), 'text');
  const highest = Math.max(0, ...types.keys());
  const options: SlashOption[] = [];
  for (let index = 1; index <= highest; index++) {
    const type = types.get(index) ?? 'text';
    options.push({ index, type, name: `${type === 'text' ? 'text' : type}${index}`, description: `Argument ${index} (${type === 'text' ? 'text' : `a ${type}`})`, required: true });
  }
  if (/\{args\}/.test(text)) options.push({ index: 0, type: 'text', name: 'rest', description: 'More words, for {args}', required: false });
  return options;
}

/** The arguments a slash use gave, in the order the templates read them (`{args}` gets them all). */
export function argumentsFromOptions(options: readonly SlashOption[], given: readonly { name: string; value?: unknown }[], split: (text: string) => string[]): string[] {
  const args: string[] = [];
  for (const option of options.filter((o) => o.index > 0)) {
    const value = given.find((g) => g.name === option.name)?.value;
    // As the prefix form would have them, so `{args}` reads the same either way.
    const text = value === undefined ? '' : String(value);
    args[option.index - 1] = text && option.type === 'user' ? `<@${text}>` : text && option.type === 'channel' ? `<#${text}>` : text;
  }
  const rest = given.find((g) => g.name === 'rest')?.value;
  return rest === undefined ? args : [...args, ...split(String(rest))];
}

interface Registrable extends PoolFields {
  name: string;
  description: string;
  slash: boolean;
  context: 'message' | 'user' | null;
  enabled: boolean;
}

/** Discord's registration JSON for the slash and context-menu forms of these commands. */
export function applicationCommandsOf(commands: readonly Registrable[]): Record<string, unknown>[] {
  const body: Record<string, unknown>[] = [];
  for (const command of commands) {
    if (!command.enabled) continue;
    if (command.slash) {
      body.push({
        type: CHAT_INPUT,
        name: command.name,
        description: command.description.trim() || `Custom command ${command.name}`,
        options: slashOptionsOf(command).map((o) => ({ type: OPTION_TYPES[o.type], name: o.name, description: o.description, required: o.required })),
      });
    }
    if (command.context) body.push({ type: command.context === 'user' ? USER : MESSAGE, name: command.name });
  }
  return body;
}
