// Embeds and buttons of custom commands: what may be saved (Discord's limits, checked with the field
// named), and how a saved reply is rendered into a message Discord accepts (templates filled in,
// anything over a limit trimmed with a marker, so a reply is never sent to fail).
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
// https://discord.com/developers/docs/components/reference#button
import * as v from 'valibot';
import { CUSTOM_EMOJI } from '../../platform/ids.ts';
import { checkTemplate } from '../../platform/template/template.ts';

/** Discord's limits on embeds and buttons. */
export const LIMITS = {
  embeds: 10,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  /** Title, description, field names and values, footer text and author name, over every embed. */
  total: 6_000,
  buttons: 25,
  perRow: 5,
  label: 80,
  url: 2_048,
} as const;

/** What a trimmed text ends with. */
export const TRIM_MARKER = '…';

export interface RichEmbed {
  title?: string;
  url?: string;
  description?: string;
  /** 0xRRGGBB. */
  color?: number;
  author?: { name: string; url?: string; icon_url?: string };
  thumbnail?: { url: string };
  image?: { url: string };
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string; icon_url?: string };
  /** true: the time of the use. */
  timestamp?: boolean;
}

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

/** A link button opens `url`; a command button answers with custom command `run`'s reply, for the presser alone. */
export type RichButton = { label: string; url: string; emoji?: string } | { label: string; run: string; style?: ButtonStyle; emoji?: string };

/** The embeds and buttons of one response. */
export interface RichParts {
  embeds: RichEmbed[];
  buttons: RichButton[];
}

/** A stored response's parts as the API shows them: an entry may lack either (it is only as long as the responses that have any). */
export function completeParts(parts: Partial<RichParts>): RichParts {
  return { embeds: parts.embeds ?? [], buttons: parts.buttons ?? [] };
}

/** Every text field of an embed or button is a template; this checks it like `response`. */
function Template(max: number, { required = false } = {}) {
  return v.pipe(
    v.string(),
    v.minLength(required ? 1 : 0, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.rawCheck<string>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const message of checkTemplate(dataset.value)) addIssue({ message });
    }),
  );
}

/** http(s) only; may hold placeholders (`https://example.com/u/{user.id}`). */
const Url = v.pipe(
  v.string(),
  v.maxLength(LIMITS.url, `must be at most ${LIMITS.url} characters`),
  // Case spelled out, not the `i` flag: JSON Schema (the OpenAPI document) has no regex flags.
  v.regex(/^[Hh][Tt][Tt][Pp][Ss]?:\/\/[^\s]+$/, 'must be an http:// or https:// URL'),
  v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const message of checkTemplate(dataset.value)) addIssue({ message });
  }),
);

const Color = v.union(
  [
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffff)),
    v.pipe(
      v.string(),
      v.regex(/^#[0-9a-fA-F]{6}$/),
      v.transform((hex) => Number.parseInt(hex.slice(1), 16)),
    ),
  ],
  'must be an integer 0-16777215 or "#rrggbb"',
);

const Emoji = v.pipe(
  v.string(),
  v.maxLength(100, 'must be at most 100 characters'),
  v.regex(new RegExp(`^(?:${CUSTOM_EMOJI.source}|[^\\s<>:]{1,16})$`, 'u'), 'must be one emoji or a custom emoji as <:name:id>'),
);

export const EmbedSchema = v.pipe(
  v.strictObject({
    title: v.optional(Template(LIMITS.title)),
    url: v.optional(Url),
    description: v.optional(Template(LIMITS.description)),
    color: v.optional(Color),
    author: v.optional(v.strictObject({ name: Template(LIMITS.author, { required: true }), url: v.optional(Url), icon_url: v.optional(Url) })),
    thumbnail: v.optional(v.strictObject({ url: Url })),
    image: v.optional(v.strictObject({ url: Url })),
    fields: v.optional(
      v.pipe(
        v.array(v.strictObject({ name: Template(LIMITS.fieldName, { required: true }), value: Template(LIMITS.fieldValue, { required: true }), inline: v.optional(v.boolean()) })),
        v.maxLength(LIMITS.fields, `at most ${LIMITS.fields} fields`),
      ),
    ),
    footer: v.optional(v.strictObject({ text: Template(LIMITS.footer, { required: true }), icon_url: v.optional(Url) })),
    timestamp: v.optional(v.boolean()),
  }),
  v.check((embed) => embedTextLength(embed) > 0 || Boolean(embed.image || embed.thumbnail), 'needs a title, description, field, author, footer or image'),
);

const Label = Template(LIMITS.label, { required: true });
const NAME = /^[-_a-z0-9]{1,32}$/;

export const ButtonSchema = v.union(
  [
    v.strictObject({ label: Label, url: Url, emoji: v.optional(Emoji) }),
    v.strictObject({
      label: Label,
      run: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(NAME, 'must be the name of a custom command')),
      style: v.optional(v.picklist(['primary', 'secondary', 'success', 'danger'], 'must be primary, secondary, success or danger')),
      emoji: v.optional(Emoji),
    }),
  ],
  'must be a link button {label, url} or a command button {label, run}',
);

/** A message's embeds: at most 10, at most 6000 characters of text in all. */
export const Embeds = v.pipe(
  v.array(EmbedSchema),
  v.maxLength(LIMITS.embeds, `at most ${LIMITS.embeds} embeds`),
  v.check((embeds) => embeds.reduce((sum, e) => sum + embedTextLength(e), 0) <= LIMITS.total, `must hold at most ${LIMITS.total} characters of text in all`),
);

export const Buttons = v.pipe(v.array(ButtonSchema), v.maxLength(LIMITS.buttons, `at most ${LIMITS.buttons} buttons`));

/** The embeds and buttons of each of `responses`, by index. */
export const ResponsesRich = v.pipe(
  v.array(v.strictObject({ embeds: v.optional(Embeds, []), buttons: v.optional(Buttons, []) })),
  v.maxLength(20, 'at most one entry per response of the pool'),
);

/** The text Discord counts towards 6000. */
export function embedTextLength(embed: RichEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** Every template of these parts, for the placeholders they read (typed arguments, usage lines). */
export function templatesOf(parts: RichParts): string[] {
  const texts: string[] = [];
  for (const e of parts.embeds) {
    texts.push(e.title ?? '', e.url ?? '', e.description ?? '', e.author?.name ?? '', e.author?.url ?? '', e.author?.icon_url ?? '');
    texts.push(e.thumbnail?.url ?? '', e.image?.url ?? '', e.footer?.text ?? '', e.footer?.icon_url ?? '');
    for (const f of e.fields ?? []) texts.push(f.name, f.value);
  }
  for (const b of parts.buttons) texts.push(b.label, 'url' in b ? b.url : '');
  return texts.filter((t) => t !== '');
}

/** The Discord message parts of a rendered reply. */
export interface RenderedParts {
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
}

const STYLES: Record<ButtonStyle, number> = { primary: 1, secondary: 2, success: 3, danger: 4 };
/** Prefix of a command button's custom_id; the rest is the command's name. */
export const RUN_BUTTON_PREFIX = 'concord:run:';

/**
 * Renders each template with `render` and builds Discord's embeds and action rows, trimming every
 * text to its limit (and the embeds to 6000 in all) with a marker; a URL that no longer is one
 * after rendering is left out rather than refused by Discord.
 */
export function renderParts(parts: RichParts, render: (template: string) => string, now: Date = new Date()): RenderedParts {
  const url = (template: string | undefined) => {
    if (template === undefined) return undefined;
    const value = render(template).trim();
    return /^https?:\/\/[^\s]+$/i.test(value) && value.length <= LIMITS.url ? value : undefined;
  };
  const text = (template: string | undefined, max: number) => (template === undefined ? undefined : trim(render(template), max));
  const embeds = parts.embeds.map((e) => {
    const out: Record<string, unknown> = {};
    const set = (key: string, value: unknown) => {
      if (value !== undefined && value !== '') out[key] = value;
    };
    set('title', text(e.title, LIMITS.title));
    set('url', url(e.url));
    set('description', text(e.description, LIMITS.description));
    set('color', e.color);
    if (e.author) {
      const name = text(e.author.name, LIMITS.author);
      if (name) out.author = withDefined({ name, url: url(e.author.url), icon_url: url(e.author.icon_url) });
    }
    const thumbnail = url(e.thumbnail?.url);
    if (thumbnail) out.thumbnail = { url: thumbnail };
    const image = url(e.image?.url);
    if (image) out.image = { url: image };
    const fields = (e.fields ?? []).slice(0, LIMITS.fields).map((f) => ({
      // Discord refuses an empty field name or value; a placeholder that rendered to nothing shows a dash.
      name: text(f.name, LIMITS.fieldName) || '-',
      value: text(f.value, LIMITS.fieldValue) || '-',
      inline: f.inline ?? false,
    }));
    if (fields.length > 0) out.fields = fields;
    if (e.footer) {
      const footer = text(e.footer.text, LIMITS.footer);
      if (footer) out.footer = withDefined({ text: footer, icon_url: url(e.footer.icon_url) });
    }
    if (e.timestamp) out.timestamp = now.toISOString();
    return out;
  });
  fitTotal(embeds);
  const buttons = parts.buttons.slice(0, LIMITS.buttons).map((b) => {
    const label = trim(render(b.label), LIMITS.label) || '-';
    const emoji = b.emoji ? emojiOf(b.emoji) : undefined;
    if ('url' in b) {
      const link = url(b.url);
      return link ? withDefined({ type: 2, style: 5, label, url: link, emoji }) : undefined;
    }
    return withDefined({ type: 2, style: STYLES[b.style ?? 'secondary'], label, custom_id: `${RUN_BUTTON_PREFIX}${b.run}`, emoji });
  });
  const present = buttons.filter((b) => b !== undefined);
  const components: Record<string, unknown>[] = [];
  for (let i = 0; i < present.length; i += LIMITS.perRow) components.push({ type: 1, components: present.slice(i, i + LIMITS.perRow) });
  // An embed with nothing left after rendering would be refused; it is left out.
  return { embeds: embeds.filter((e) => Object.keys(e).some((k) => k !== 'color' && k !== 'timestamp')), components };
}

/** `text` cut to `max` characters (code points kept whole), ending with the marker when cut. */
export function trim(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - TRIM_MARKER.length);
  // Do not split a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${TRIM_MARKER}`;
}

/**
 * Cuts from the last embed back until the total fits 6000: its description, then field values, then
 * whole fields from the end, then the embed itself (the first one keeps its title at least).
 */
function fitTotal(embeds: Record<string, unknown>[]): void {
  const total = () => embeds.reduce((sum, e) => sum + embedTextLength(e as RichEmbed), 0);
  const over = () => total() - LIMITS.total;
  for (let i = embeds.length - 1; i >= 0 && over() > 0; i--) {
    const embed = embeds[i] as RichEmbed;
    if (embed.description) {
      const cut = embed.description.length - over();
      if (cut > 0) embed.description = trim(embed.description, cut);
      else delete embed.description;
    }
    for (const field of [...(embed.fields ?? [])].reverse()) {
      if (over() <= 0) break;
      field.value = trim(field.value, Math.max(1, field.value.length - over()));
    }
    while (over() > 0 && embed.fields?.length) embed.fields.pop();
    if (embed.fields?.length === 0) delete embed.fields;
    if (over() > 0 && i > 0) embeds.splice(i, 1);
    else if (over() > 0) {
      delete embed.footer;
      delete embed.author;
      if (embed.title) embed.title = trim(embed.title, Math.max(1, embed.title.length - Math.max(0, over())));
    }
  }
}

function emojiOf(emoji: string): Record<string, unknown> {
  const custom = /^<(a?):(\w+):(\d+)>$/.exec(emoji);
  return custom ? { id: custom[3], name: custom[2], animated: custom[1] === 'a' } : { name: emoji };
}

function withDefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
