// A server's role menus (the role-menus module): the list, and a builder to create or edit one with
// role and channel pickers, style and mode, options, max and required roles, beside a live preview of
// the message as Discord shows it. The API's 422 field errors are shown at their field
// (`options.2.role_id` under the third option's role).
import { type FormEvent, type ReactNode, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { ChannelName, IdPicker } from '../components/id-picker.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { ApiError, api } from '../lib/api.ts';
import { useResource } from '../lib/use-resource.ts';

const STYLES = ['buttons', 'select'] as const;
const MODES = { toggle: 'Toggle: a click adds, again removes', unique: 'Unique: one role at a time', verify: 'Verify: add only', drop: 'Drop: remove only' } as const;
/** Discord's limits on a menu's message: 25 options, buttons in rows of 5. */
const OPTIONS_MAX = 25;
const BUTTONS_PER_ROW = 5;

interface MenuOption {
  role_id: string;
  label: string;
  emoji: string | null;
  description: string | null;
}

interface RoleMenu {
  id: string;
  channel_id: string;
  message_id: string | null;
  message_deleted: boolean;
  content: string | null;
  style: (typeof STYLES)[number];
  mode: keyof typeof MODES;
  options: MenuOption[];
  max: number | null;
  required_role_ids: string[];
}

type Draft = Omit<RoleMenu, 'id' | 'message_id' | 'message_deleted'>;

const EMPTY: Draft = { channel_id: '', content: '', style: 'buttons', mode: 'toggle', options: [{ role_id: '', label: '', emoji: null, description: null }], max: null, required_role_ids: [] };

export function RoleMenusView({ scope }: { scope: Scope }) {
  const guildId = scope.guildId;
  const base = `/api/guilds/${guildId}/role-menus`;
  const menus = useResource(`role-menus:${scope.key}`, (signal) => (guildId ? api<{ items: RoleMenu[] }>('GET', base, undefined, { signal }) : Promise.resolve({ items: [] })));
  // The menu being built: `null` id for a new one.
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const [removing, setRemoving] = useState<RoleMenu | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const canEdit = scope.canEdit !== false;

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api('DELETE', `${base}/${removing.id}`);
      toast('Role menu deleted');
      menus.reload();
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Role menus"
        subtitle="Messages with buttons or a select where members pick their own roles"
        actions={
          guildId && canEdit && !editing ? (
            <button type="button" className={button.primary} onClick={() => setEditing({ id: null, draft: EMPTY })}>
              New role menu
            </button>
          ) : undefined
        }
      />
      {!guildId && <EmptyState title="Pick a server">Role menus belong to one server.</EmptyState>}
      {guildId && editing && (
        <MenuBuilder
          guildId={guildId}
          base={base}
          editing={editing}
          onDone={() => {
            setEditing(null);
            menus.reload();
          }}
        />
      )}
      {guildId && (
        <section className={`${card} mt-6 divide-y divide-zinc-200 dark:divide-zinc-800`} aria-label="Role menus">
          {menus.state === 'loading' && <Skeleton className="m-5 h-16" />}
          {menus.state === 'error' && <ErrorState error={menus.error} onRetry={menus.reload} />}
          {menus.state === 'ready' && menus.data.items.length === 0 && <EmptyState title="No role menus yet" />}
          {menus.state === 'ready' &&
            menus.data.items.map((menu) => (
              <article key={menu.id} className="flex flex-wrap items-start justify-between gap-4 p-5">
                <div className="min-w-0">
                  <p className="whitespace-pre-wrap break-words font-medium">{menu.content || `Menu #${menu.id}`}</p>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                    #{menu.id} · in <ChannelName guildId={guildId} id={menu.channel_id} /> · {menu.mode} {menu.style} · {menu.options.map((o) => o.label).join(', ')}
                  </p>
                  {menu.message_deleted && <p className="mt-1 text-sm text-amber-700 dark:text-amber-400">Its message was deleted in Discord: saving posts it again.</p>}
                </div>
                {canEdit && (
                  <div className="flex gap-2">
                    <button type="button" className={button.secondary} aria-label={`Edit menu #${menu.id}`} onClick={() => setEditing({ id: menu.id, draft: draftOf(menu) })}>
                      Edit
                    </button>
                    <button type="button" className={button.secondary} aria-label={`Delete menu #${menu.id}`} onClick={() => setRemoving(menu)}>
                      Delete
                    </button>
                  </div>
                )}
              </article>
            ))}
        </section>
      )}
      <ConfirmDialog open={removing !== null} title="Delete this role menu?" confirmLabel="Delete" busy={busy} onConfirm={remove} onCancel={() => setRemoving(null)}>
        Its message is removed from Discord; members keep the roles they picked.
      </ConfirmDialog>
    </>
  );
}

function draftOf(menu: RoleMenu): Draft {
  const { channel_id, content, style, mode, options, max, required_role_ids } = menu;
  return { channel_id, content: content ?? '', style, mode, options, max, required_role_ids };
}

function MenuBuilder({ guildId, base, editing, onDone }: { guildId: string; base: string; editing: { id: string | null; draft: Draft }; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(editing.draft);
  // Messages by the API's field path: `options.1.label`, `channel_id`…
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const setOption = (i: number, change: Partial<MenuOption>) => {
    setDraft({ ...draft, options: draft.options.map((o, j) => (j === i ? { ...o, ...change } : o)) });
    // A changed field's message answered what was there before.
    const changed = Object.keys(change).map((key) => `options.${i}.${key}`);
    setErrors((before) => Object.fromEntries(Object.entries(before).filter(([key]) => !changed.includes(key))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    const body = {
      ...draft,
      content: draft.content || null,
      options: draft.options.map((o) => ({ ...o, emoji: o.emoji || null, description: o.description || null })),
    };
    try {
      await api(editing.id ? 'PATCH' : 'POST', editing.id ? `${base}/${editing.id}` : base, body);
      toast(editing.id ? 'Role menu saved' : 'Role menu posted');
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        const byField: Record<string, string> = {};
        for (const e of error.errors) byField[e.field && e.field !== '(body)' ? e.field : 'form'] ??= e.message;
        setErrors(byField);
      } else toast((error as Error).message, 'error');
    } finally {
      setSaving(false);
    }
  };

  const errorOf = (field: string) => errors[field] && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{errors[field]}</p>;
  const field = (name: string, text: string, control: ReactNode) => (
    <div>
      <label htmlFor={`menu-${name}`} className={label}>
        {text}
      </label>
      <div className="mt-1">{control}</div>
      {errorOf(name)}
    </div>
  );
  // Errors the form has no field for (e.g. "give content, an embed, or both").
  const shown = (key: string) => key === 'channel_id' || key === 'content' || key === 'style' || key === 'mode' || key === 'max' || key.startsWith('options.') || key.startsWith('required_role_ids');
  const elsewhere = Object.entries(errors).filter(([key]) => !shown(key));

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={submit} className={`${card} grid min-w-0 gap-4 p-5`} aria-label={editing.id ? `Edit role menu #${editing.id}` : 'New role menu'}>
        {field(
          'channel_id',
          'Channel',
          <IdPicker id="menu-channel_id" guildId={guildId} kind="channel" value={draft.channel_id ? [draft.channel_id] : []} onChange={(picked) => setDraft({ ...draft, channel_id: picked[0] ?? '' })} invalid={Boolean(errors.channel_id)} />,
        )}
        {field('content', 'Message', <textarea id="menu-content" className={input} value={draft.content ?? ''} onChange={(e) => setDraft({ ...draft, content: e.target.value })} aria-invalid={Boolean(errors.content)} />)}
        <div className="grid gap-4 sm:grid-cols-2">
          {field(
            'style',
            'Style',
            <select id="menu-style" className={input} value={draft.style} onChange={(e) => setDraft({ ...draft, style: e.target.value as Draft['style'] })}>
              <option value="buttons">Buttons</option>
              <option value="select">Select menu</option>
            </select>,
          )}
          {field(
            'mode',
            'Mode',
            <select id="menu-mode" className={input} value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value as Draft['mode'] })}>
              {Object.entries(MODES).map(([mode, text]) => (
                <option key={mode} value={mode}>
                  {text}
                </option>
              ))}
            </select>,
          )}
        </div>
        <fieldset className="grid min-w-0 gap-3">
          <legend className={label}>Options</legend>
          {draft.options.map((option, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: options have no id of their own until a role is picked.
            <fieldset key={i} className="grid min-w-0 gap-3 rounded-lg border border-zinc-200 p-3 sm:grid-cols-2 dark:border-zinc-800" aria-label={`Option ${i + 1}`}>
              {field(
                `options.${i}.role_id`,
                `Option ${i + 1} role`,
                <IdPicker id={`menu-options.${i}.role_id`} guildId={guildId} kind="role" value={option.role_id ? [option.role_id] : []} onChange={(picked) => setOption(i, { role_id: picked[0] ?? '' })} invalid={Boolean(errors[`options.${i}.role_id`])} />,
              )}
              {field(`options.${i}.label`, `Option ${i + 1} label`, <input id={`menu-options.${i}.label`} className={input} value={option.label} onChange={(e) => setOption(i, { label: e.target.value })} aria-invalid={Boolean(errors[`options.${i}.label`])} />)}
              {field(`options.${i}.emoji`, `Option ${i + 1} emoji`, <input id={`menu-options.${i}.emoji`} className={input} value={option.emoji ?? ''} onChange={(e) => setOption(i, { emoji: e.target.value })} aria-invalid={Boolean(errors[`options.${i}.emoji`])} />)}
              {field(
                `options.${i}.description`,
                `Option ${i + 1} description`,
                <input id={`menu-options.${i}.description`} className={input} value={option.description ?? ''} onChange={(e) => setOption(i, { description: e.target.value })} aria-invalid={Boolean(errors[`options.${i}.description`])} />,
              )}
              {draft.options.length > 1 && (
                <div className="sm:col-span-2">
                  <button type="button" className={button.ghost} onClick={() => setDraft({ ...draft, options: draft.options.filter((_, j) => j !== i) })}>
                    Remove option {i + 1}
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          {draft.options.length < OPTIONS_MAX && (
            <div>
              <button type="button" className={button.secondary} onClick={() => setDraft({ ...draft, options: [...draft.options, { role_id: '', label: '', emoji: null, description: null }] })}>
                Add an option
              </button>
            </div>
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          {field(
            'max',
            'Most roles a member may hold (empty: no limit)',
            <input
              id="menu-max"
              type="number"
              min={1}
              max={OPTIONS_MAX}
              className={input}
              value={draft.max ?? ''}
              onChange={(e) => setDraft({ ...draft, max: e.target.value === '' ? null : Number(e.target.value) })}
              aria-invalid={Boolean(errors.max)}
            />,
          )}
          <div>
            <label htmlFor="menu-required_role_ids" className={label}>
              Roles needed to use it
            </label>
            <div className="mt-1">
              <IdPicker id="menu-required_role_ids" guildId={guildId} kind="role" multiple value={draft.required_role_ids} onChange={(picked) => setDraft({ ...draft, required_role_ids: picked })} invalid={Object.keys(errors).some((k) => k.startsWith('required_role_ids'))} />
            </div>
            {Object.entries(errors)
              .filter(([key]) => key.startsWith('required_role_ids'))
              .map(([key, message]) => (
                <p key={key} className="mt-1 text-sm text-red-600 dark:text-red-400">
                  {message}
                </p>
              ))}
          </div>
        </div>
        {elsewhere.map(([key, message]) => (
          <p key={key} className="text-sm text-red-600 dark:text-red-400">
            {key === 'form' ? message : `${key}: ${message}`}
          </p>
        ))}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={button.primary} disabled={saving}>
            {saving ? 'Saving…' : editing.id ? 'Save' : 'Post the menu'}
          </button>
          <button type="button" className={button.secondary} onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
      <Preview draft={draft} />
    </div>
  );
}

/** The message as members will see it: its text, then the buttons in rows of 5 or the select. */
function Preview({ draft }: { draft: Draft }) {
  const options = draft.options.filter((o) => o.label.trim() !== '');
  const rows: MenuOption[][] = [];
  for (let i = 0; i < options.length; i += BUTTONS_PER_ROW) rows.push(options.slice(i, i + BUTTONS_PER_ROW));
  return (
    <section className={`${card} min-w-0 self-start p-5`} aria-label="Preview">
      <h2 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">Preview</h2>
      <div className="mt-3 rounded-lg bg-zinc-100 p-4 dark:bg-zinc-950">
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">Concord</p>
        <p className="mt-1 whitespace-pre-wrap break-words text-sm">{draft.content || <span className="text-zinc-600 dark:text-zinc-400">(no message text)</span>}</p>
        {draft.style === 'buttons' ? (
          <div className="mt-3 grid gap-2">
            {rows.map((row) => (
              <div key={row.map((o) => o.label).join('|')} className="flex flex-wrap gap-2">
                {row.map((o) => (
                  <span key={`${o.role_id}:${o.label}`} className="inline-flex max-w-full items-center gap-1 truncate rounded bg-zinc-600 px-3 py-1.5 text-sm font-medium text-white dark:bg-zinc-700">
                    {o.emoji && <span aria-hidden="true">{o.emoji}</span>}
                    {o.label}
                  </span>
                ))}
              </div>
            ))}
          </div>
        ) : (
          <div className="mt-3 rounded border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
            <p className="text-zinc-600 dark:text-zinc-400">{draft.mode === 'unique' ? 'Pick a role' : 'Pick your roles'}</p>
            <ul className="mt-2 grid gap-1">
              {options.map((o) => (
                <li key={`${o.role_id}:${o.label}`} className="break-words">
                  {o.emoji && <span aria-hidden="true">{o.emoji} </span>}
                  {o.label}
                  {o.description && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{o.description}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        {options.length === 0 && <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Give an option a label to see it here.</p>}
      </div>
    </section>
  );
}
