// A server's modules: each built-in and plugin with its switch and, when it has settings, their form
// drawn from the module's own declaration. A save sends only what changed, from the version read;
// what another admin changes meanwhile shows at once (the API's change stream) without losing edits.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { Icon } from '../components/icons.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { Switch } from '../components/switch.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card } from '../components/ui.ts';
import { ApiError, api, type GuildModuleView, type ModuleView } from '../lib/api.ts';
import { useGuildChanges } from '../lib/change-events.ts';
import { changedSettings, sameValue, settingErrors, settingFields } from '../lib/module-settings.ts';
import { useUnsavedChanges } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';
import { SettingFields } from './module-fields.tsx';

export function ModulesView({ scope }: { scope: Scope }) {
  const guildId = scope.guildId;
  const canEdit = scope.canEdit !== false;
  const modules = useResource('modules', (signal) => api<{ items: ModuleView[] }>('GET', '/api/modules', undefined, { signal }));
  const rows = useResource(`modules:${scope.key}`, (signal) =>
    guildId ? api<{ items: GuildModuleView[] }>('GET', `/api/guilds/${guildId}/modules`, undefined, { signal }) : Promise.resolve(null),
  );
  // What this page wrote, until a load brings that version or a newer one.
  const [written, setWritten] = useState<Record<string, GuildModuleView>>({});
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  useUnsavedChanges(dirty.size > 0, 'A module has unsaved settings. Leave without saving them?');
  const { reload: reloadModules } = modules;
  const { reload: reloadRows } = rows;
  const reload = useCallback(() => {
    reloadModules();
    reloadRows();
  }, [reloadModules, reloadRows]);
  useGuildChanges('modules', guildId, reload);
  const onWritten = useCallback((row: GuildModuleView) => setWritten((all) => ({ ...all, [row.name]: row })), []);
  const onDirty = useCallback((name: string, isDirty: boolean) => {
    setDirty((names) => {
      if (names.has(name) === isDirty) return names;
      const next = new Set(names);
      if (isDirty) next.add(name);
      else next.delete(name);
      return next;
    });
  }, []);

  const current = useMemo(() => {
    const byName = new Map((rows.data?.items ?? []).map((row) => [row.name, row]));
    for (const row of Object.values(written)) {
      const loaded = byName.get(row.name);
      if (!loaded || row.version > loaded.version) byName.set(row.name, row);
    }
    return byName;
  }, [rows.data, written]);

  const failed = modules.error ?? rows.error;
  return (
    <>
      <PageHeader title="Modules" subtitle={guildId ? 'What Concord does in this server: switch each module on or off and fill in its settings' : 'Every module this installation loaded'} />
      {!guildId && <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">Modules are switched on and off, and set up, per server: pick one to change them.</p>}
      {guildId && !canEdit && <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">You have read-only access to this server.</p>}
      {failed && <ErrorState error={failed} onRetry={reload} />}
      {!failed && (modules.state === 'loading' || rows.state === 'loading') && (
        <div className="flex flex-col gap-4">
          <Skeleton className="h-32" />
          <Skeleton className="h-32" />
        </div>
      )}
      {modules.state === 'ready' && rows.state === 'ready' && (
        <>
          {modules.data.items.length === 0 && <EmptyState title="No modules">Concord loaded no modules.</EmptyState>}
          <div className="flex flex-col gap-4">
            {modules.data.items.map((module) => (
              <ModuleCard key={module.name} module={module} row={current.get(module.name)} guildId={guildId} canEdit={canEdit} onWritten={onWritten} onReload={reload} onDirty={onDirty} />
            ))}
          </div>
        </>
      )}
    </>
  );
}

interface CardProps {
  module: ModuleView;
  /** The module in this server; absent in the global scope. */
  row: GuildModuleView | undefined;
  guildId: string | null;
  canEdit: boolean;
  onWritten: (row: GuildModuleView) => void;
  onReload: () => void;
  onDirty: (name: string, dirty: boolean) => void;
}

function ModuleCard({ module, row, guildId, canEdit, onWritten, onReload, onDirty }: CardProps) {
  const [switching, setSwitching] = useState(false);
  const toast = useToast();
  const headingId = `module-${module.name}`;
  const alwaysOnId = `module-${module.name}-always-on`;

  const toggle = async () => {
    // Not disabled meanwhile, so the switch keeps the keyboard's focus; a press while one is saving is ignored.
    if (!row || !guildId || switching) return;
    setSwitching(true);
    try {
      const next = await api<GuildModuleView>('PATCH', `/api/guilds/${guildId}/modules/${module.name}`, { version: row.version, enabled: !row.enabled });
      onWritten(next);
      toast(`${module.name} is ${next.enabled ? 'on' : 'off'} in this server`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        toast(`${module.name} changed meanwhile; it now shows as it is. Switch it again if you still want to.`, 'error');
        onReload();
      } else toast((error as Error).message, 'error');
    } finally {
      setSwitching(false);
    }
  };

  return (
    <section className={`${card} min-w-0`} aria-labelledby={headingId}>
      <div className="flex items-start justify-between gap-4 p-5">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={headingId} className="text-lg font-semibold break-words">
              {module.name}
            </h2>
            <Badge tone={module.source === 'plugin' ? 'brand' : 'plain'}>{module.source === 'plugin' ? 'Plugin' : 'Built-in'}</Badge>
            {!module.available && <Badge tone="warning">Unavailable</Badge>}
          </div>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{module.description}</p>
          <Contents module={module} />
        </div>
        {row && (
          <div className="flex shrink-0 flex-col items-end gap-1">
            <Switch checked={row.enabled} label={`Enable ${module.name}`} onChange={toggle} disabled={!canEdit || module.always_on} describedBy={module.always_on ? alwaysOnId : undefined} />
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              {module.always_on ? 'Always on' : row.enabled ? 'On' : 'Off'}
            </span>
          </div>
        )}
      </div>
      {module.always_on && row && <p id={alwaysOnId} className="-mt-3 px-5 pb-4 text-xs text-zinc-600 dark:text-zinc-400">Concord needs this module in every server, so it cannot be turned off.</p>}
      {!module.available && (
        <div className="border-t border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-100">
          <p className="flex items-center gap-2 font-semibold">
            <Icon name="alert" className="size-4 shrink-0" /> Needs attention
          </p>
          <p className="mt-1 break-words">{module.unavailable_reason}</p>
          <p className="mt-1">Until then the Discord events it needs do not arrive, in any server. Its switch and settings here are kept.</p>
        </div>
      )}
      {row && guildId && <ModuleSettings module={module} row={row} guildId={guildId} canEdit={canEdit} onWritten={onWritten} onReload={onReload} onDirty={onDirty} />}
    </section>
  );
}

/** What the module adds: its commands and the Discord events it listens to. */
function Contents({ module }: { module: ModuleView }) {
  if (module.commands.length === 0 && module.events.length === 0) return null;
  return (
    <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {module.commands.length > 0 && (
        <div className="flex min-w-0 flex-wrap gap-x-1.5">
          <dt>Commands:</dt>
          <dd className="break-words font-mono">{module.commands.join(', ')}</dd>
        </div>
      )}
      {module.events.length > 0 && (
        <div className="flex min-w-0 flex-wrap gap-x-1.5">
          <dt>Listens to:</dt>
          <dd className="min-w-0 break-all font-mono">{module.events.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}

const TONES = {
  plain: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200',
  brand: 'bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-300',
  warning: 'bg-amber-50 text-amber-800 ring-1 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300',
};

function Badge({ tone, children }: { tone: keyof typeof TONES; children: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}>{children}</span>;
}

interface SettingsProps {
  module: ModuleView;
  row: GuildModuleView;
  guildId: string;
  canEdit: boolean;
  onWritten: (row: GuildModuleView) => void;
  onReload: () => void;
  onDirty: (name: string, dirty: boolean) => void;
}

/** Edits, and the module as it was when they began. */
interface Draft {
  base: GuildModuleView;
  values: Record<string, unknown>;
}

function ModuleSettings({ module, row, guildId, canEdit, onWritten, onReload, onDirty }: SettingsProps) {
  const fields = useMemo(() => settingFields(module.settings), [module.settings]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const changes = draft ? changedSettings(draft.values, draft.base.settings) : {};
  const dirty = Object.keys(changes).length > 0;
  // Until edited the form follows the module as loaded. Edits stay over a change made elsewhere that
  // left the settings as they were (the switch), and are then saved from its version.
  const base = !draft || !dirty || sameValue(row.settings, draft.base.settings) ? row : draft.base;
  const values = draft && dirty ? draft.values : row.settings;
  const stale = dirty && base.version !== row.version;
  const { name } = module;
  useEffect(() => onDirty(name, dirty), [name, dirty, onDirty]);
  useEffect(() => () => onDirty(name, false), [name, onDirty]);
  if (fields.length === 0) return null;

  const change = (key: string, value: unknown) => setDraft({ base, values: { ...values, [key]: value } });
  const discard = () => {
    setDraft(null);
    setErrors({});
    setConflict(false);
    onReload();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    try {
      // Only what changed: a setting someone else changed meanwhile is not sent back as it was.
      const saved = await api<GuildModuleView>('PATCH', `/api/guilds/${guildId}/modules/${name}`, { version: base.version, settings: changes });
      onWritten(saved);
      setDraft(null);
      toast(`${name} settings saved`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setConflict(true);
      else if (error instanceof ApiError && error.errors.length > 0) setErrors(settingErrors(error.errors, fields));
      else toast((error as Error).message, 'error');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`${name} settings`} className="flex flex-col gap-4 border-t border-zinc-200 p-5 dark:border-zinc-800">
      {/* A read-only role sees the settings, and nothing it could change. */}
      <fieldset disabled={!canEdit} className="grid min-w-0 gap-5">
        <legend className="sr-only">Settings of {name}</legend>
        <SettingFields idPrefix={`module-${name}`} guildId={guildId} fields={fields} values={values} onChange={change} errors={errors} />
      </fieldset>
      {errors.form && <p className="text-sm font-medium text-red-600 dark:text-red-400">{errors.form}</p>}
      {(conflict || stale) && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-400 p-4 text-sm dark:border-amber-500">
          <span>Someone else changed these settings after you began. Reload to see their change, then make yours again.</span>
          <button type="button" className={button.secondary} onClick={discard}>
            Reload
          </button>
        </div>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={button.primary} disabled={saving || !dirty}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          {dirty && <span className="text-sm text-zinc-600 dark:text-zinc-400">Unsaved changes</span>}
        </div>
      )}
    </form>
  );
}
