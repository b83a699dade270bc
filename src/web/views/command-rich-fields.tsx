// The editor's embed and button builder, the slash and context-menu choices, and the preview of
// embeds and buttons as Discord draws them, rendered by the bot's own code (custom-commands/rich.ts).
import { slashOptionsOf } from '../../modules/custom-commands/application-command-forms.ts';
import { embedTextLength, LIMITS, type RichButton, type RichEmbed, renderParts } from '../../modules/custom-commands/rich.ts';
import { renderTemplate } from '../../platform/template/template.ts';
import { button, input, label } from '../components/ui.ts';
import type { CustomCommand } from '../lib/api.ts';

/** The fields of a command this builder edits. */
export interface RichState {
  embeds: RichEmbed[];
  buttons: RichButton[];
  slash: boolean;
  context: '' | 'message' | 'user';
}

export function richOf(command: CustomCommand | undefined): RichState {
  return { embeds: command?.embeds ?? [], buttons: command?.buttons ?? [], slash: command?.slash ?? false, context: command?.context ?? '' };
}

/** The API fields of the state; the pool's own embeds are kept, cut to the responses that remain. */
export function richBody(state: RichState, command: CustomCommand | undefined, responses: readonly string[]) {
  const kept = (command?.responses_rich ?? []).slice(0, responses.length);
  return { embeds: state.embeds.map(cleanEmbed), buttons: state.buttons, slash: state.slash, context: state.context || null, ...(kept.length ? { responses_rich: kept } : {}) };
}

/** Drops the parts left empty in the form, which the API would refuse as empty text. */
function cleanEmbed(embed: RichEmbed): RichEmbed {
  const out: RichEmbed = {};
  if (embed.title) out.title = embed.title;
  if (embed.url) out.url = embed.url;
  if (embed.description) out.description = embed.description;
  if (embed.color !== undefined) out.color = embed.color;
  if (embed.author?.name) out.author = { name: embed.author.name };
  if (embed.thumbnail?.url) out.thumbnail = { url: embed.thumbnail.url };
  if (embed.image?.url) out.image = { url: embed.image.url };
  if (embed.fields?.length) out.fields = embed.fields;
  if (embed.footer?.text) out.footer = { text: embed.footer.text };
  if (embed.timestamp) out.timestamp = true;
  return out;
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

function Counter({ value, max }: { value: number; max: number }) {
  return (
    <span className={`ml-auto text-xs tabular-nums ${value > max ? 'font-semibold text-red-600 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`} data-counter>
      {value}/{max}
    </span>
  );
}

function TextInput({ id, text, value, max, onChange, area }: { id: string; text: string; value: string; max: number; onChange: (v: string) => void; area?: boolean }) {
  return (
    <label className={label} htmlFor={id}>
      <span className="flex items-center gap-2">
        {text}
        <Counter value={value.length} max={max} />
      </span>
      {area ? (
        <textarea id={id} className={`${input} mt-1 min-h-20 font-mono`} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} className={`${input} mt-1 font-mono`} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}

const hex = (color: number | undefined) => `#${(color ?? 0x5865f2).toString(16).padStart(6, '0')}`;

export function RichFields({
  value,
  onChange,
  name,
  response,
  errors,
}: { value: RichState; onChange: (next: RichState) => void; name: string; response: string; errors: Record<string, string> }) {
  const set = (changes: Partial<RichState>) => onChange({ ...value, ...changes });
  const setEmbed = (i: number, embed: RichEmbed) => set({ embeds: value.embeds.map((e, j) => (j === i ? embed : e)) });
  const setButton = (i: number, b: RichButton) => set({ buttons: value.buttons.map((x, j) => (j === i ? b : x)) });
  const total = value.embeds.reduce((sum, e) => sum + embedTextLength(e), 0);
  const options = slashOptionsOf({ response, responses: [], embeds: value.embeds, buttons: value.buttons, responses_rich: [] });
  return (
    <details className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" open={value.embeds.length > 0 || value.buttons.length > 0 || value.slash || value.context !== ''}>
      <summary className="cursor-pointer text-sm font-medium">Embeds, buttons, slash command and context menu</summary>
      <div className="mt-4 grid gap-5">
        {(errors.embeds || errors.buttons) && (
          <p role="alert" className="text-sm font-medium text-red-600 dark:text-red-400" data-field-error="embeds">
            {errors.embeds ?? errors.buttons}
          </p>
        )}
        <fieldset className="grid gap-3" aria-label="Embeds">
          <legend className={`${label} flex w-full items-center gap-2`}>
            Embeds <Counter value={value.embeds.length} max={LIMITS.embeds} /> <span className="text-xs text-zinc-600 dark:text-zinc-400">text in all</span> <Counter value={total} max={LIMITS.total} />
          </legend>
          {value.embeds.map((embed, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an embed is edited in place; its place is its identity.
            <div key={i} className="grid gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700" data-testid={`embed-${i}`}>
              <div className="flex items-center gap-2 text-sm font-medium">
                Embed {i + 1}
                <span className="ml-auto flex gap-1">
                  <button type="button" className={button.ghost} onClick={() => set({ embeds: move(value.embeds, i, i - 1) })} disabled={i === 0} aria-label={`Move embed ${i + 1} up`}>
                    ↑
                  </button>
                  <button type="button" className={button.ghost} onClick={() => set({ embeds: move(value.embeds, i, i + 1) })} disabled={i === value.embeds.length - 1} aria-label={`Move embed ${i + 1} down`}>
                    ↓
                  </button>
                  <button type="button" className={button.ghost} onClick={() => set({ embeds: value.embeds.filter((_, j) => j !== i) })}>
                    Remove embed
                  </button>
                </span>
              </div>
              <TextInput id={`embed-${i}-title`} text="Title" value={embed.title ?? ''} max={LIMITS.title} onChange={(title) => setEmbed(i, { ...embed, title })} />
              <TextInput id={`embed-${i}-description`} text="Description" value={embed.description ?? ''} max={LIMITS.description} onChange={(description) => setEmbed(i, { ...embed, description })} area />
              <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
                <label className={label} htmlFor={`embed-${i}-color`}>
                  Colour
                  <input id={`embed-${i}-color`} type="color" className="mt-1 h-10 w-full cursor-pointer rounded-lg border border-zinc-300 dark:border-zinc-700" value={hex(embed.color)} onChange={(e) => setEmbed(i, { ...embed, color: Number.parseInt(e.target.value.slice(1), 16) })} />
                </label>
                <TextInput id={`embed-${i}-url`} text="Title link (https://…)" value={embed.url ?? ''} max={LIMITS.url} onChange={(url) => setEmbed(i, { ...embed, url })} />
              </div>
              <div className="grid gap-3 sm:grid-cols-2">
                <TextInput id={`embed-${i}-author`} text="Author" value={embed.author?.name ?? ''} max={LIMITS.author} onChange={(n) => setEmbed(i, { ...embed, author: { name: n } })} />
                <TextInput id={`embed-${i}-footer`} text="Footer" value={embed.footer?.text ?? ''} max={LIMITS.footer} onChange={(t) => setEmbed(i, { ...embed, footer: { text: t } })} />
                <TextInput id={`embed-${i}-image`} text="Image URL" value={embed.image?.url ?? ''} max={LIMITS.url} onChange={(url) => setEmbed(i, { ...embed, image: { url } })} />
                <TextInput id={`embed-${i}-thumbnail`} text="Thumbnail URL" value={embed.thumbnail?.url ?? ''} max={LIMITS.url} onChange={(url) => setEmbed(i, { ...embed, thumbnail: { url } })} />
              </div>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={embed.timestamp ?? false} onChange={(e) => setEmbed(i, { ...embed, timestamp: e.target.checked })} /> Show the time of the use
              </label>
              <fieldset className="grid gap-2">
                <legend className={`${label} flex w-full items-center gap-2`}>
                  Fields <Counter value={embed.fields?.length ?? 0} max={LIMITS.fields} />
                </legend>
                {(embed.fields ?? []).map((field, f) => {
                  const fields = embed.fields ?? [];
                  const setField = (changes: Partial<typeof field>) => setEmbed(i, { ...embed, fields: fields.map((x, j) => (j === f ? { ...x, ...changes } : x)) });
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                    <div key={f} className="grid gap-2 rounded border border-zinc-200 p-2 sm:grid-cols-[1fr_2fr_auto] dark:border-zinc-700">
                      <TextInput id={`embed-${i}-field-${f}-name`} text="Name" value={field.name} max={LIMITS.fieldName} onChange={(n) => setField({ name: n })} />
                      <TextInput id={`embed-${i}-field-${f}-value`} text="Value" value={field.value} max={LIMITS.fieldValue} onChange={(v) => setField({ value: v })} />
                      <div className="flex flex-col justify-end gap-1 text-sm">
                        <label className="flex items-center gap-1">
                          <input type="checkbox" checked={field.inline ?? false} onChange={(e) => setField({ inline: e.target.checked })} /> Inline
                        </label>
                        <span className="flex">
                          <button type="button" className={button.ghost} onClick={() => setEmbed(i, { ...embed, fields: move(fields, f, f - 1) })} aria-label={`Move field ${f + 1} up`}>
                            ↑
                          </button>
                          <button type="button" className={button.ghost} onClick={() => setEmbed(i, { ...embed, fields: fields.filter((_, j) => j !== f) })} aria-label={`Remove field ${f + 1}`}>
                            ✕
                          </button>
                        </span>
                      </div>
                    </div>
                  );
                })}
                <button type="button" className={`${button.secondary} w-fit`} onClick={() => setEmbed(i, { ...embed, fields: [...(embed.fields ?? []), { name: '', value: '' }] })} disabled={(embed.fields?.length ?? 0) >= LIMITS.fields}>
                  Add a field
                </button>
              </fieldset>
            </div>
          ))}
          <button type="button" className={`${button.secondary} w-fit`} onClick={() => set({ embeds: [...value.embeds, { title: '' }] })} disabled={value.embeds.length >= LIMITS.embeds}>
            Add an embed
          </button>
        </fieldset>

        <fieldset className="grid gap-2" aria-label="Buttons">
          <legend className={`${label} flex w-full items-center gap-2`}>
            Buttons (five a row) <Counter value={value.buttons.length} max={LIMITS.buttons} />
          </legend>
          {value.buttons.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above.
            <div key={i} className="grid gap-2 rounded border border-zinc-200 p-2 sm:grid-cols-[1fr_1fr_8rem_auto] dark:border-zinc-700">
              <TextInput id={`button-${i}-label`} text="Label" value={b.label} max={LIMITS.label} onChange={(l) => setButton(i, { ...b, label: l })} />
              {'url' in b ? (
                <TextInput id={`button-${i}-url`} text="Opens (https://…)" value={b.url} max={LIMITS.url} onChange={(url) => setButton(i, { ...b, url })} />
              ) : (
                <label className={label} htmlFor={`button-${i}-run`}>
                  Runs the command
                  <input id={`button-${i}-run`} className={`${input} mt-1 font-mono`} value={b.run} onChange={(e) => setButton(i, { ...b, run: e.target.value })} />
                </label>
              )}
              {'run' in b ? (
                <label className={label} htmlFor={`button-${i}-style`}>
                  Style
                  <select id={`button-${i}-style`} className={`${input} mt-1`} value={b.style ?? 'secondary'} onChange={(e) => setButton(i, { ...b, style: e.target.value as 'primary' })}>
                    <option value="primary">Blurple</option>
                    <option value="secondary">Grey</option>
                    <option value="success">Green</option>
                    <option value="danger">Red</option>
                  </select>
                </label>
              ) : (
                <span className="self-end pb-2 text-xs text-zinc-600 dark:text-zinc-400">Link</span>
              )}
              <span className="flex items-end">
                <button type="button" className={button.ghost} onClick={() => set({ buttons: move(value.buttons, i, i - 1) })} aria-label={`Move button ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" className={button.ghost} onClick={() => set({ buttons: value.buttons.filter((_, j) => j !== i) })} aria-label={`Remove button ${i + 1}`}>
                  ✕
                </button>
              </span>
            </div>
          ))}
          <span className="flex gap-2">
            <button type="button" className={button.secondary} onClick={() => set({ buttons: [...value.buttons, { label: '', url: 'https://' }] })} disabled={value.buttons.length >= LIMITS.buttons}>
              Add a link button
            </button>
            <button type="button" className={button.secondary} onClick={() => set({ buttons: [...value.buttons, { label: '', run: '', style: 'primary' }] })} disabled={value.buttons.length >= LIMITS.buttons}>
              Add a command button
            </button>
          </span>
        </fieldset>

        <div className="grid gap-2">
          <label className="flex items-center gap-2 text-sm">
            <input id="field-slash" type="checkbox" checked={value.slash} onChange={(e) => set({ slash: e.target.checked })} /> Slash command: <span className="font-mono">/{name || 'name'}</span> of its own
          </label>
          {errors.slash && <p className="text-xs font-medium text-red-600 dark:text-red-400" data-field-error="slash">{errors.slash}</p>}
          {value.slash && (
            <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="slash-options">
              Options: {options.length === 0 ? 'none' : options.map((o) => `${o.name} (${o.type}${o.required ? '' : ', optional'})`).join(', ')}, read from the placeholders.
            </p>
          )}
          <label className={label} htmlFor="field-context">
            Context menu (Apps → {name || 'name'})
            <select id="field-context" className={`${input} mt-1`} value={value.context} onChange={(e) => set({ context: e.target.value as RichState['context'] })}>
              <option value="">None</option>
              <option value="message">On a message ({'{target.content}'})</option>
              <option value="user">On a member ({'{target}'})</option>
            </select>
          </label>
          {errors.context && <p className="text-xs font-medium text-red-600 dark:text-red-400">{errors.context}</p>}
        </div>
      </div>
    </details>
  );
}

const STYLE_CLASSES: Record<number, string> = {
  1: 'bg-[#5865f2] text-white',
  2: 'bg-zinc-500 text-white dark:bg-[#4e5058]',
  3: 'bg-[#248046] text-white',
  4: 'bg-[#da373c] text-white',
  5: 'bg-zinc-500 text-white dark:bg-[#4e5058]',
};

/** Embeds and buttons as Discord draws them, rendered with the bot's own renderer. */
export function RichPreview({ state, render }: { state: RichState; render: (template: string) => string }) {
  const parts = renderParts({ embeds: state.embeds.map(cleanEmbed), buttons: state.buttons }, (t) => render(t), new Date());
  return (
    <div className="mt-1 grid gap-2" data-testid="rich-preview">
      {parts.embeds.map((e, i) => {
        const embed = e as RichEmbed & { timestamp?: string; color?: number };
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a rendered embed has no identity beyond its place.
          <div key={i} className="max-w-md rounded border-l-4 bg-white p-3 text-sm shadow-sm dark:bg-[#2b2d31]" style={{ borderLeftColor: hex(embed.color ?? 0x1e1f22) }} data-testid="preview-embed">
            {embed.author && <p className="text-xs font-semibold">{embed.author.name}</p>}
            {embed.title && <p className={`font-semibold ${embed.url ? 'text-[#006ce7] dark:text-[#00a8fc]' : ''}`}>{embed.title}</p>}
            {embed.description && <p className="mt-1 whitespace-pre-wrap break-words">{embed.description}</p>}
            {embed.fields && (
              <div className="mt-2 grid grid-cols-3 gap-2">
                {embed.fields.map((f, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                  <div key={j} className={f.inline ? 'col-span-1' : 'col-span-3'}>
                    <p className="text-xs font-semibold">{f.name}</p>
                    <p className="whitespace-pre-wrap break-words">{f.value}</p>
                  </div>
                ))}
              </div>
            )}
            {embed.image && <p className="mt-2 truncate text-xs text-zinc-600 dark:text-zinc-400">🖼 {embed.image.url}</p>}
            {(embed.footer || embed.timestamp) && (
              <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
                {embed.footer?.text}
                {embed.footer && embed.timestamp ? ' • ' : ''}
                {embed.timestamp ? 'Today' : ''}
              </p>
            )}
          </div>
        );
      })}
      {parts.components.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: as above.
        <div key={i} className="flex flex-wrap gap-2">
          {(row.components as { style: number; label: string; url?: string }[]).map((b, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above.
            <span key={j} className={`rounded px-3 py-1 text-sm font-medium ${STYLE_CLASSES[b.style] ?? ''}`}>
              {b.label}
              {b.url ? ' ↗' : ''}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The bot's renderer with the preview's sample invocation (see lib/preview.ts). */
export function sampleRender(ctx: { userName: string; userId: string; guildName: string | null; args: string; uses: number }) {
  // Mentions shown as Discord shows them (in an embed they never ping).
  const shown = (text: string) => text.replace(/<#100000000000000001>/g, '#general').replace(/<@!?(\d+)>/g, (_, id: string) => (id === ctx.userId ? `@${ctx.userName}` : '@someone'));
  return (template: string) =>
    shown(renderTemplate(template, {
      user: { id: ctx.userId, displayName: ctx.userName },
      channel: { id: '100000000000000001' },
      guild: ctx.guildName === null ? null : { name: ctx.guildName },
      args: ctx.args.trim() ? ctx.args.trim().split(/\s+/) : [],
      uses: ctx.uses,
      random: () => 0,
    }).content);
}
