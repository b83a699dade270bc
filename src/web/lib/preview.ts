// The live preview of a custom command's reply: the bot's own renderer, fed a sample invocation.
import { checkTemplate, renderTemplate } from '../../platform/template/template.ts';

export interface PreviewInput {
  template: string;
  userName: string;
  userId: string;
  guildName: string | null;
  args: string;
  uses: number;
}

export type Segment = { kind: 'text'; text: string } | { kind: 'mention'; text: string } | { kind: 'channel'; text: string };

export interface Preview {
  segments: Segment[];
  problems: string[];
}

const SAMPLE_CHANNEL_ID = '100000000000000001';

/** Renders like the bot would, with `{choose:…}` fixed to its first option so the preview stays still. */
export function previewTemplate(input: PreviewInput): Preview {
  const rendered = renderTemplate(input.template, {
    user: { id: input.userId, displayName: input.userName },
    channel: { id: SAMPLE_CHANNEL_ID },
    guild: input.guildName === null ? null : { name: input.guildName },
    args: input.args.trim() ? input.args.trim().split(/\s+/) : [],
    uses: input.uses,
    random: () => 0,
  });
  return { segments: segments(rendered.content, input), problems: checkTemplate(input.template) };
}

/** Splits Discord's `<@id>` and `<#id>` markup out, to be shown as mention pills like Discord does. */
function segments(content: string, input: PreviewInput): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of content.matchAll(/<(@!?|#)(\d+)>/g)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ kind: 'text', text: content.slice(last, index) });
    if (match[1] === '#') out.push({ kind: 'channel', text: match[2] === SAMPLE_CHANNEL_ID ? '#general' : '#channel' });
    else out.push({ kind: 'mention', text: match[2] === input.userId ? `@${input.userName}` : '@someone' });
    last = index + match[0].length;
  }
  if (last < content.length) out.push({ kind: 'text', text: content.slice(last) });
  return out;
}
