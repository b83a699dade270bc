// The Act form: warn, time out, kick, ban… a member as one case (POST /api/guilds/:guild_id/cases).
// The viewer acts as themselves, so Discord's rules apply to them: the API's refusal (a permission
// they lack, a member ranked at or above them) is shown beside the form in its own words.
import { type FormEvent, useState } from 'react';
import { IdPicker } from '../components/id-picker.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { ApiError, api, type Case, type CaseActBody } from '../lib/api.ts';
import { fieldMessages } from '../lib/field-errors.ts';
import { ModerationMessage } from './case-parts.tsx';

type ActAction = CaseActBody['action'];

/** The button for each action the API takes: typed by its body, so an action it adds or drops is a type error here. */
const VERB = { warn: 'Warn', timeout: 'Time out', untimeout: 'Lift the timeout', kick: 'Kick', ban: 'Ban', unban: 'Unban' } satisfies Record<ActAction, string>;
const ACTIONS = Object.keys(VERB) as ActAction[];
const DURATION_HINT: Partial<Record<ActAction, string>> = {
  timeout: 'Required: 10m, 2h or 7d; at most 28 days.',
  ban: 'Empty: for good. 7d: the ban ends after 7 days.',
};
const FIELDS = ['user_id', 'action', 'duration', 'reason'] as const;
/** Refusals about the duration that name no field (the API says `(body)`): shown under it all the same. */
const DURATION_CODES = new Set(['DURATION_REQUIRED', 'DURATION_TOO_LONG']);

export function ActForm({ guildId, initialMember, onDone, onCancel }: { guildId: string; initialMember: string; onDone: (made: Case) => void; onCancel: () => void }) {
  const [member, setMember] = useState(initialMember);
  const [action, setAction] = useState<ActAction>('warn');
  const [duration, setDuration] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const takesDuration = action in DURATION_HINT;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const body: CaseActBody = { action, user_id: member, reason: reason.trim() || null, ...(takesDuration && duration.trim() ? { duration: duration.trim() } : {}) };
    try {
      onDone(await api<Case>('POST', `/api/guilds/${guildId}/cases`, body));
    } catch (error) {
      if (error instanceof ApiError && DURATION_CODES.has(error.code)) setErrors({ duration: error.errors[0]?.message ?? error.message });
      else if (error instanceof ApiError && error.errors.length > 0) setErrors(fieldMessages(error.errors, FIELDS));
      else setErrors({ form: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) =>
    errors[field] && (
      <p id={`act-${field}-error`} className="mt-1 text-sm text-red-600 dark:text-red-400">
        {errors[field]}
      </p>
    );
  const describedBy = (field: string) => (errors[field] ? `act-${field}-error` : undefined);

  return (
    <form onSubmit={submit} className={`${card} mb-4 grid min-w-0 gap-4 p-5`} aria-label="Act on a member">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="act-user_id" className={label}>
            Member
          </label>
          <div className="mt-1">
            <IdPicker id="act-user_id" guildId={guildId} kind="member" value={member ? [member] : []} onChange={(picked) => setMember(picked[picked.length - 1] ?? '')} invalid={Boolean(errors.user_id)} describedBy={describedBy('user_id')} />
          </div>
          {errorOf('user_id')}
        </div>
        <div>
          <label htmlFor="act-action" className={label}>
            Action
          </label>
          <select id="act-action" className={`${input} mt-1`} value={action} onChange={(e) => setAction(e.target.value as ActAction)} aria-invalid={Boolean(errors.action)} aria-describedby={describedBy('action')}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {VERB[a]}
              </option>
            ))}
          </select>
          {errorOf('action')}
        </div>
        {takesDuration && (
          <div>
            <label htmlFor="act-duration" className={label}>
              Duration
            </label>
            <input
              id="act-duration"
              className={`${input} mt-1`}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
              placeholder={action === 'timeout' ? '10m' : 'for good'}
              aria-invalid={Boolean(errors.duration)}
              aria-describedby={errors.duration ? 'act-duration-error' : 'act-duration-hint'}
            />
            <p id="act-duration-hint" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              {DURATION_HINT[action]}
            </p>
            {errorOf('duration')}
          </div>
        )}
        <div className={takesDuration ? '' : 'sm:col-span-2'}>
          <label htmlFor="act-reason" className={label}>
            Reason
          </label>
          <input id="act-reason" className={`${input} mt-1`} value={reason} maxLength={400} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(errors.reason)} aria-describedby={describedBy('reason')} />
          {errorOf('reason')}
        </div>
      </div>
      {errors.form && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200">
          <p className="font-semibold">Not done</p>
          <p className="mt-0.5 break-words">
            <ModerationMessage guildId={guildId} text={errors.form} />
          </p>
        </div>
      )}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">You act as yourself: your own Discord permissions and roles apply, as they would in Discord.</p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={action === 'kick' || action === 'ban' ? button.danger : button.primary} disabled={busy}>
          {busy ? 'Working…' : VERB[action]}
        </button>
        <button type="button" className={button.secondary} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
