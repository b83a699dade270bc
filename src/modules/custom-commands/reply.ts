// One response of a custom command (its text and its embeds and buttons), and that response
// rendered into the message a use sends; shared by the bot and the API's preview.

import { renderTemplate, type TemplateContext } from '../../platform/template/template.ts';
import { type RenderedParts, type RichParts, renderParts, TRIM_MARKER, templatesOf } from './rich.ts';

export interface CommandResponseParts extends RichParts {
  /** The text template. */
  response: string;
}

/** The fields of a command its pool is made of (structural: the dashboard uses this too, without the data layer). */
export interface PoolFields extends RichParts {
  response: string;
  responses: string[];
  responses_rich: Partial<RichParts>[];
}

/** Response `index` of the pool: 0 is `response` with the command's own embeds and buttons. */
export function responseAt(command: PoolFields, index: number): CommandResponseParts | undefined {
  if (index === 0) return { response: command.response, embeds: command.embeds, buttons: command.buttons };
  const response = command.responses[index - 1];
  if (response === undefined) return undefined;
  const rich = command.responses_rich[index - 1];
  return { response, embeds: rich?.embeds ?? [], buttons: rich?.buttons ?? [] };
}

/** Every template of a response, one per line: what typed arguments and the usage line read. */
export function templateText(parts: CommandResponseParts): string {
  return [parts.response, ...templatesOf(parts)].join('\n');
}

export interface RenderedReply extends RenderedParts {
  content: string;
  mentionedUserIds: string[];
}

/**
 * Renders a response. Only `response` may ping (the invoker, through `{user.mention}`, or a typed
 * `{1:user.mention}`): mentions in embeds never ping on Discord, so they do not count here.
 */
export function renderReply(parts: CommandResponseParts, ctx: TemplateContext, now = new Date()): RenderedReply {
  const text = renderTemplate(parts.response, ctx);
  const rich = renderParts(parts, (template) => renderTemplate(template, ctx).content, now);
  // Discord refuses a message with nothing in it; embeds that rendered empty leave the marker.
  const content = text.content === '' && rich.embeds.length === 0 ? TRIM_MARKER : text.content;
  return { content, mentionedUserIds: text.mentionedUserIds, ...rich };
}
