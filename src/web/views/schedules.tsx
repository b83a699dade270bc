// Scheduled messages of a server: each with its next runs (in the viewer's zone), last outcome and
// failure reason; a form to add one (cron in a zone, or once) and removal with a confirmation.
import { type FormEvent, type ReactNode, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { ChannelName, IdPicker } from '../components/id-picker.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { ApiError, api, type Page, query, type Schedule } from '../lib/api.ts';
import { fieldMessages } from '../lib/field-errors.ts';
import { formatDateTime, localInputToIso, viewerTimeZone } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

const FIELDS = ['channel_id', 'content', 'cron', 'time_zone', 'run_at'] as const;

export function SchedulesView({ scope }: { scope: Scope }) {
  const guildId = scope.guildId;
  const schedules = useResource(`schedules:${scope.key}`, (signal) =>
    guildId ? api<Page<Schedule>>('GET', `/api/schedules${query({ guild_id: guildId, limit: 200 })}`, undefined, { signal }) : Promise.resolve({ items: [], next_cursor: null }),
  );
  const [removing, setRemoving] = useState<Schedule | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api('DELETE', `/api/schedules/${removing.id}`);
      toast('Scheduled message removed');
      schedules.reload();
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  };

  return (
    <>
      <PageHeader title="Scheduled messages" subtitle={`Times in your time zone (${viewerTimeZone()})`} />
      {!guildId && <EmptyState title="Pick a server">Scheduled messages belong to one server.</EmptyState>}
      {guildId && scope.canEdit !== false && <AddSchedule guildId={guildId} onAdded={schedules.reload} />}
      {guildId && (
        <section className={`${card} mt-6 divide-y divide-zinc-200 dark:divide-zinc-800`} aria-label="Scheduled messages">
          {schedules.state === 'loading' && <Skeleton className="m-5 h-16" />}
          {schedules.state === 'error' && <ErrorState error={schedules.error} onRetry={schedules.reload} />}
          {schedules.state === 'ready' && schedules.data.items.length === 0 && <EmptyState title="No scheduled messages yet" />}
          {schedules.state === 'ready' &&
            schedules.data.items.map((s) => (
              <article key={s.id} className="flex flex-wrap items-start justify-between gap-4 p-5">
                <div className="min-w-0">
                  <p className="whitespace-pre-wrap break-words font-medium">{s.content}</p>
                  <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                    #{s.id} · in <ChannelName guildId={guildId} id={s.channel_id} /> · {s.cron ? `${s.cron} (${s.time_zone})` : 'once'} · {s.status}
                  </p>
                  {s.next_runs.length > 0 && <p className="mt-1 text-sm">Next: {s.next_runs.map((at) => formatDateTime(at)).join(' · ')}</p>}
                  {s.last_sent_at && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Last sent {formatDateTime(s.last_sent_at)}</p>}
                  {s.last_error && <p className="mt-1 text-sm text-red-600 dark:text-red-400">Failed: {s.last_error}</p>}
                </div>
                {scope.canEdit !== false && (
                  <button type="button" className={button.secondary} onClick={() => setRemoving(s)}>
                    Remove
                  </button>
                )}
              </article>
            ))}
        </section>
      )}
      <ConfirmDialog open={removing !== null} title="Remove this scheduled message?" confirmLabel="Remove" busy={busy} onConfirm={remove} onCancel={() => setRemoving(null)}>
        It will not be sent again.
      </ConfirmDialog>
    </>
  );
}

function AddSchedule({ guildId, onAdded }: { guildId: string; onAdded: () => void }) {
  const [form, setForm] = useState({ channel_id: '', content: '', cron: '', time_zone: viewerTimeZone(), run_at: '', repeat: true });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    const when = form.repeat ? { cron: form.cron, time_zone: form.time_zone } : { run_at: localInputToIso(form.run_at) ?? form.run_at };
    try {
      await api('POST', '/api/schedules', { guild_id: guildId, channel_id: form.channel_id, content: form.content, ...when });
      toast('Scheduled');
      setForm({ ...form, content: '' });
      onAdded();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setErrors(fieldMessages(error.errors, FIELDS));
      else toast((error as Error).message, 'error');
    } finally {
      setSaving(false);
    }
  };

  const field = (name: (typeof FIELDS)[number], text: string, control: ReactNode) => (
    <div>
      <label htmlFor={`schedule-${name}`} className={label}>
        {text}
      </label>
      <div className="mt-1">{control}</div>
      {errors[name] && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{errors[name]}</p>}
    </div>
  );

  return (
    <form onSubmit={submit} className={`${card} grid gap-4 p-5 sm:grid-cols-2`} aria-label="Add a scheduled message">
      {field(
        'channel_id',
        'Channel',
        <IdPicker
          id="schedule-channel_id"
          guildId={guildId}
          kind="channel"
          value={form.channel_id ? [form.channel_id] : []}
          onChange={(picked) => setForm({ ...form, channel_id: picked[0] ?? '' })}
          invalid={Boolean(errors.channel_id)}
        />,
      )}
      {field('content', 'Message', <textarea id="schedule-content" className={input} value={form.content} onChange={set('content')} aria-invalid={Boolean(errors.content)} required />)}
      <fieldset className="flex gap-4 text-sm sm:col-span-2">
        <legend className={label}>When</legend>
        <label className="flex items-center gap-2">
          <input type="radio" checked={form.repeat} onChange={() => setForm({ ...form, repeat: true })} /> Repeat (cron)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" checked={!form.repeat} onChange={() => setForm({ ...form, repeat: false })} /> Once
        </label>
      </fieldset>
      {form.repeat
        ? [
            field('cron', 'Cron (minute hour day month weekday)', <input key="cron" id="schedule-cron" className={input} placeholder="0 9 * * 1" value={form.cron} onChange={set('cron')} aria-invalid={Boolean(errors.cron)} />),
            field('time_zone', 'Time zone', <input key="tz" id="schedule-time_zone" className={input} value={form.time_zone} onChange={set('time_zone')} aria-invalid={Boolean(errors.time_zone)} />),
          ]
        : field('run_at', 'At (your time)', <input id="schedule-run_at" type="datetime-local" className={input} value={form.run_at} onChange={set('run_at')} aria-invalid={Boolean(errors.run_at)} />)}
      {errors.form && <p className="text-sm text-red-600 sm:col-span-2 dark:text-red-400">{errors.form}</p>}
      <div className="sm:col-span-2">
        <button type="submit" className={button.primary} disabled={saving}>
          {saving ? 'Scheduling…' : 'Schedule'}
        </button>
      </div>
    </form>
  );
}
