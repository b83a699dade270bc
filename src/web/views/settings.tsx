// A server's settings: the prefix of message commands, built-ins turned off, the default time zone
// of reminders and schedules, and the roles with read-only or edit access to this dashboard. Saved
// from the version read: when someone else saved first, the page says so instead of overwriting.
import { type FormEvent, type ReactNode, useState } from 'react';
import type { SettingsView as Settings } from '../../features/settings/schema.ts';
import { IdPicker } from '../components/id-picker.tsx';
import type { Scope } from '../components/layout.tsx';
import { PageHeader } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { ApiError, api } from '../lib/api.ts';
import { fieldMessages } from '../lib/field-errors.ts';
import { useUnsavedChanges } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';

const FIELDS = ['prefix', 'disabled_commands', 'time_zone', 'viewer_role_ids', 'editor_role_ids'] as const;

export function SettingsView({ scope }: { scope: Scope }) {
  const guildId = scope.guildId;
  const settings = useResource(`settings:${scope.key}`, (signal) =>
    guildId ? api<Settings>('GET', `/api/guilds/${guildId}/settings`, undefined, { signal }) : Promise.resolve(null),
  );
  return (
    <>
      <PageHeader title="Settings" subtitle="How Concord behaves in this server, and who may use this dashboard" />
      {!guildId && <EmptyState title="Pick a server">Settings belong to one server.</EmptyState>}
      {settings.state === 'loading' && guildId && <Skeleton className="h-64" />}
      {settings.state === 'error' && <ErrorState error={settings.error} onRetry={settings.reload} />}
      {settings.state === 'ready' && settings.data && guildId && (
        // A new version read starts the form over from it.
        <SettingsForm key={settings.data.version} guildId={guildId} saved={settings.data} onReload={settings.reload} canEdit={scope.canEdit !== false} manages={scope.manages !== false} />
      )}
    </>
  );
}

type Form = { prefix: string; disabled_commands: string[]; time_zone: string; viewer_role_ids: string[]; editor_role_ids: string[] };

const formOf = (s: Settings): Form => ({
  prefix: s.prefix ?? '',
  disabled_commands: [...s.disabled_commands].sort(),
  time_zone: s.time_zone ?? '',
  viewer_role_ids: s.viewer_role_ids,
  editor_role_ids: s.editor_role_ids,
});

function SettingsForm({ guildId, saved, onReload, canEdit, manages }: { guildId: string; saved: Settings; onReload: () => void; canEdit: boolean; manages: boolean }) {
  const initial = formOf(saved);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const release = useUnsavedChanges(dirty, 'These settings have unsaved changes. Leave without saving them?');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    // Only what changed: a field someone else changed meanwhile is not sent back as it was.
    const changes: Record<string, unknown> = { version: saved.version };
    if (form.prefix !== initial.prefix) changes.prefix = form.prefix.trim() === '' ? null : form.prefix.trim();
    if (form.time_zone !== initial.time_zone) changes.time_zone = form.time_zone.trim() === '' ? null : form.time_zone.trim();
    for (const key of ['disabled_commands', 'viewer_role_ids', 'editor_role_ids'] as const) {
      if (JSON.stringify(form[key]) !== JSON.stringify(initial[key])) changes[key] = form[key];
    }
    try {
      await api('PATCH', `/api/guilds/${guildId}/settings`, changes);
      release();
      toast('Settings saved');
      onReload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setConflict(true);
      else if (error instanceof ApiError && error.errors.length > 0) setErrors(fieldMessages(error.errors, FIELDS));
      else toast((error as Error).message, 'error');
    } finally {
      setSaving(false);
    }
  };

  const toggle = (name: string, on: boolean) =>
    setForm({ ...form, disabled_commands: on ? form.disabled_commands.filter((n) => n !== name) : [...form.disabled_commands, name].sort() });

  return (
    <form onSubmit={submit} className="flex flex-col gap-6" aria-label="Server settings">
      {/* A read-only role sees the settings, and nothing it could change. */}
      <fieldset disabled={!canEdit} className="contents">
      <Section title="Commands">
        <Field name="prefix" text="Prefix of message commands" errors={errors} hint={`Up to 5 characters without spaces. Empty: the default, ${saved.defaults.prefix}`}>
          <input id="settings-prefix" className={`${input} max-w-40`} value={form.prefix} placeholder={saved.defaults.prefix} maxLength={5} onChange={(e) => setForm({ ...form, prefix: e.target.value })} aria-invalid={Boolean(errors.prefix)} aria-describedby="settings-prefix-hint" />
        </Field>
        <fieldset>
          <legend className={label}>Built-in commands</legend>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">A command turned off answers that it is off. Settings and help are always on.</p>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {saved.built_in_commands.map((name) => (
              <label key={name} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={!form.disabled_commands.includes(name)} onChange={(e) => toggle(name, e.target.checked)} /> {name}
              </label>
            ))}
          </div>
          {errors.disabled_commands && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{errors.disabled_commands}</p>}
        </fieldset>
      </Section>
      <Section title="Time">
        <Field name="time_zone" text="Default time zone" errors={errors} hint={`For reminders of members without their own zone, and schedules without one. Empty: ${saved.defaults.time_zone}`}>
          <input id="settings-time_zone" className={`${input} max-w-xs`} value={form.time_zone} placeholder="Europe/Berlin" onChange={(e) => setForm({ ...form, time_zone: e.target.value })} aria-invalid={Boolean(errors.time_zone)} aria-describedby="settings-time_zone-hint" />
        </Field>
      </Section>
      <Section title="Dashboard access">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Members with Manage Server or Administrator always have full access.</p>
        {/* Who has access is for those who manage the server: an edit role cannot widen its own circle. */}
        {canEdit && !manages && <p className="text-sm text-zinc-600 dark:text-zinc-400">Only the owner and members with Manage Server can change these roles.</p>}
        <fieldset disabled={!manages} className="contents">
        <Field name="viewer_role_ids" text="Roles that may look (read-only)" errors={errors}>
          <IdPicker id="settings-viewer_role_ids" guildId={guildId} kind="role" multiple value={form.viewer_role_ids} onChange={(ids) => setForm({ ...form, viewer_role_ids: ids })} invalid={Boolean(errors.viewer_role_ids)} />
        </Field>
        <Field name="editor_role_ids" text="Roles that may also change things" errors={errors}>
          <IdPicker id="settings-editor_role_ids" guildId={guildId} kind="role" multiple value={form.editor_role_ids} onChange={(ids) => setForm({ ...form, editor_role_ids: ids })} invalid={Boolean(errors.editor_role_ids)} />
        </Field>
        </fieldset>
      </Section>
      </fieldset>
      {conflict && (
        <div role="alert" className={`${card} flex flex-wrap items-center justify-between gap-3 border-amber-400 p-4 text-sm dark:border-amber-500`}>
          <span>Someone else saved these settings after you opened them. Reload to see their change, then make yours again.</span>
          <button type="button" className={button.secondary} onClick={() => { release(); onReload(); }}>
            Reload
          </button>
        </div>
      )}
      {canEdit ? (
        <div className="flex items-center gap-3">
          <button type="submit" className={button.primary} disabled={saving || !dirty}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          {dirty && <span className="text-sm text-zinc-600 dark:text-zinc-400">Unsaved changes</span>}
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You have read-only access to this server.</p>
      )}
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={`${card} flex flex-col gap-4 p-5`} aria-labelledby={`settings-${title.replaceAll(" ", "-")}`}>
      <h2 id={`settings-${title.replaceAll(" ", "-")}`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Field({ name, text, hint, errors, children }: { name: (typeof FIELDS)[number]; text: string; hint?: string; errors: Record<string, string>; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={`settings-${name}`} className={label}>
        {text}
      </label>
      <div className="mt-1">{children}</div>
      {hint && (
        <p id={`settings-${name}-hint`} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {errors[name] && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{errors[name]}</p>}
    </div>
  );
}
