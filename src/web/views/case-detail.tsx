// One case: what was done to whom, by whom, for how long and when, with a link to its mod-log post;
// its reason is edited here (PATCH), and the bot edits the post to match. Read-only viewers see it all
// without the form.
import { type FormEvent, type ReactNode, useState } from 'react';
import { formatDuration } from '../../modules/moderation/mod-log.ts';
import { ChannelName } from '../components/id-picker.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { UserName } from '../components/user-name.tsx';
import { ApiError, api, type Case } from '../lib/api.ts';
import { useMembers } from '../lib/directory.ts';
import { fieldMessages } from '../lib/field-errors.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link, useUnsavedChanges } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';
import { ActionBadge, Actor, actionLabel, historyPath, isModuleOff, ModuleOffState } from './case-parts.tsx';

export function CaseDetail({ scope, number }: { scope: Scope; number: string }) {
  const guildId = scope.guildId;
  const found = useResource(`case:${guildId}:${number}`, (signal) => (guildId ? api<Case>('GET', `/api/guilds/${guildId}/cases/${encodeURIComponent(number)}`, undefined, { signal }) : Promise.reject(new Error('no server'))));
  // The global scope has no cases: said below, whatever the load above answered.
  const back = (
    <Link to={`/servers/${scope.key}/cases`} className={button.secondary}>
      All cases
    </Link>
  );
  if (!guildId) {
    return (
      <>
        <PageHeader title={`Case ${number}`} actions={back} />
        <div className={card}>
          <EmptyState title="Choose a server">Cases are kept per server: pick one in the server menu.</EmptyState>
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title={`Case ${number}`} subtitle={found.state === 'ready' ? `${actionLabel(found.data.action)}, ${formatDateTime(found.data.created_at)}` : undefined} actions={back} />
      {found.state === 'loading' && (
        <div className={`${card} grid gap-3 p-5`} aria-busy="true">
          <Skeleton className="h-6 w-40" />
          <Skeleton className="h-24 w-full" />
        </div>
      )}
      {found.state === 'error' && (
        <div className={card}>
          {isModuleOff(found.error) ? (
            <ModuleOffState scope={scope} />
          ) : found.error instanceof ApiError && found.error.status === 404 ? (
            <EmptyState title={`There is no case ${number} here`}>Case numbers count up per server from 1.</EmptyState>
          ) : (
            <ErrorState error={found.error} onRetry={found.reload} />
          )}
        </div>
      )}
      {found.state === 'ready' && <CaseCard scope={scope} guildId={guildId} c={found.data} />}
    </>
  );
}

function CaseCard({ scope, guildId, c: initial }: { scope: Scope; guildId: string; c: Case }) {
  const [c, setCase] = useState(initial);
  const members = useMembers(guildId, [c.user_id, c.moderator_id].filter((id): id is string => id !== null));
  const row = (term: string, value: ReactNode) => (
    <div className="grid gap-1 py-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
      <dt className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{term}</dt>
      <dd className="min-w-0 break-words text-sm">{value}</dd>
    </div>
  );
  const logged = c.log_channel_id && c.log_message_id ? `https://discord.com/channels/${guildId}/${c.log_channel_id}/${c.log_message_id}` : null;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <section className={`${card} min-w-0 px-5 py-2`} aria-label="The case">
        <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {row('Action', <ActionBadge action={c.action} />)}
          {c.user_id &&
            row(
              'Member',
              <>
                <UserName id={c.user_id} member={members.get(c.user_id)} />{' '}
                <Link to={historyPath(scope, c.user_id)} className="ml-1 text-brand-700 hover:underline dark:text-brand-300">
                  Their history
                </Link>
              </>,
            )}
          {row(c.moderator_id ? 'Moderator' : 'Rule', <Actor c={c} members={members} />)}
          {c.duration_ms !== null && row('Duration', formatDuration(c.duration_ms))}
          {c.channel_id && row('Channel', <ChannelName guildId={guildId} id={c.channel_id} />)}
          {c.message_count !== null && row('Messages deleted', c.message_count)}
          {row('When', <time dateTime={c.created_at}>{formatDateTime(c.created_at)}</time>)}
          {c.updated_at !== c.created_at && row('Reason changed', <time dateTime={c.updated_at}>{formatDateTime(c.updated_at)}</time>)}
          {row(
            'Mod log',
            logged ? (
              <a href={logged} target="_blank" rel="noreferrer" className="text-brand-700 hover:underline dark:text-brand-300">
                Open the post in Discord
              </a>
            ) : (
              <span className="text-zinc-600 dark:text-zinc-400">Not posted (the server had no mod-log channel, or Discord refused)</span>
            ),
          )}
        </dl>
      </section>
      <ReasonForm guildId={guildId} c={c} canEdit={scope.canEdit !== false} onSaved={setCase} />
    </div>
  );
}

function ReasonForm({ guildId, c, canEdit, onSaved }: { guildId: string; c: Case; canEdit: boolean; onSaved: (c: Case) => void }) {
  const [draft, setDraft] = useState(c.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  useUnsavedChanges(canEdit && draft !== (c.reason ?? ''), 'The reason is not saved. Leave without saving?');

  if (!canEdit) {
    return (
      <section className={`${card} min-w-0 self-start p-5`} aria-labelledby="reason-heading">
        <h2 id="reason-heading" className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          Reason
        </h2>
        <p className="mt-2 whitespace-pre-wrap break-words text-sm">{c.reason ?? <span className="italic text-zinc-600 dark:text-zinc-400">No reason given</span>}</p>
        <p className="mt-4 border-t border-zinc-200 pt-4 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">You have read-only access to this server.</p>
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = await api<Case>('PATCH', `/api/guilds/${guildId}/cases/${c.number}`, { reason: draft });
      onSaved(saved);
      setDraft(saved.reason ?? '');
      toast(saved.log_message_id ? 'Reason saved; the mod-log post was edited' : 'Reason saved');
    } catch (failure) {
      if (failure instanceof ApiError && failure.errors.length > 0) setError(fieldMessages(failure.errors, ['reason']).reason ?? failure.message);
      else toast((failure as Error).message, 'error');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} className={`${card} grid min-w-0 gap-3 self-start p-5`} aria-label="Reason">
      <div>
        <label htmlFor="case-reason" className={label}>
          Reason
        </label>
        <textarea
          id="case-reason"
          rows={4}
          maxLength={400}
          className={`${input} mt-1`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? 'case-reason-error' : 'case-reason-hint'}
        />
        {error ? (
          <p id="case-reason-error" className="mt-1 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : (
          <p id="case-reason-hint" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            Up to 400 characters. The mod-log post is edited to match.
          </p>
        )}
      </div>
      <div>
        <button type="submit" className={button.primary} disabled={saving || draft === (c.reason ?? '')}>
          {saving ? 'Saving…' : 'Save reason'}
        </button>
      </div>
    </form>
  );
}
