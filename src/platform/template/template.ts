// The template language of custom command responses: `{user}`, `{1}`, `{choose:a|b}` and friends.
import { checkTypedPlaceholders } from './arguments.ts';

export interface TemplateContext {
  user: { id: string; displayName: string };
  channel: { id: string } | null;
  guild: { name: string } | null;
  args: string[];
  /** Uses of this command including this one. */
  uses: number;
  /** Typed placeholders (`1:user` → `Ada`), already checked by resolveTypedArguments. */
  typed?: { values: Record<string, string>; mentionedUserIds: string[] };
  /** What a context-menu command was used on: a member (`content` unset) or a message. */
  target?: { id: string; name: string; content?: string };
  /** Picks an index below `n`; injectable so tests are deterministic. */
  random?: (n: number) => number;
}

export interface Rendered {
  content: string;
  /** Users the reply may ping: only the invoker, and only through `{user.mention}`. */
  mentionedUserIds: string[];
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const MAX_LENGTH = 2_000;

/** Renders `template`; unknown placeholders stay as written. */
export function renderTemplate(template: string, ctx: TemplateContext): Rendered {
  const mentioned = new Set<string>(ctx.typed?.mentionedUserIds);
  const random = ctx.random ?? ((n: number) => Math.floor(Math.random() * n));
  const content = template.replace(PLACEHOLDER, (whole, inner: string) => {
    if (inner.startsWith('choose:')) {
      const options = inner.slice('choose:'.length).split('|');
      return options[random(options.length)] ?? '';
    }
    if (/^[1-9]$/.test(inner)) return ctx.args[Number(inner) - 1] ?? '';
    const typed = ctx.typed?.values[inner];
    if (typed !== undefined) return typed;
    switch (inner) {
      case 'user':
        return ctx.user.displayName;
      case 'user.mention':
        mentioned.add(ctx.user.id);
        return `<@${ctx.user.id}>`;
      case 'user.id':
        return ctx.user.id;
      case 'channel':
        return ctx.channel ? `<#${ctx.channel.id}>` : 'DM';
      case 'guild':
        return ctx.guild?.name ?? 'DM';
      case 'args':
        return ctx.args.join(' ');
      case 'uses':
        return String(ctx.uses);
      case 'target':
        return ctx.target ? ctx.target.name : whole;
      case 'target.id':
        return ctx.target ? ctx.target.id : whole;
      case 'target.content':
        return ctx.target ? (ctx.target.content ?? '') : whole;
      default:
        return whole;
    }
  });
  return { content: truncate(content), mentionedUserIds: [...mentioned] };
}

/** Problems that make a template unusable, one message each; empty when it is fine. */
export function checkTemplate(template: string): string[] {
  const problems = checkTypedPlaceholders(template);
  for (const [, inner = ''] of template.matchAll(PLACEHOLDER)) {
    if (inner === 'choose' || (inner.startsWith('choose:') && inner.slice(7).split('|').every((o) => o.trim() === ''))) {
      problems.push(`{${inner}} needs options: {choose:first|second}`);
    }
  }
  return problems;
}

/** A quoted argument or a bare word. */
const ARGUMENT = /"([^"]*)"|(\S+)/g;

/** Splits command arguments on spaces; "double quotes" keep spaces together. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  // exec on one regex, not matchAll, which copies it for each message (and makes an iterator).
  ARGUMENT.lastIndex = 0;
  for (let match = ARGUMENT.exec(text); match !== null; match = ARGUMENT.exec(text)) args.push(match[1] ?? match[2] ?? '');
  return args;
}

function truncate(text: string): string {
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 1)}…`;
}
