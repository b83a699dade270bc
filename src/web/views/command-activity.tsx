// Below a saved command's editor: how it is used (from the command log) and its history, where every
// version says who changed what from where, and can be restored.
import { useState } from 'react';
import { useToast } from '../components/toasts.tsx';
import { button, card } from '../components/ui.ts';
import { api, type CommandStats, type CommandVersion, type CustomCommand } from '../lib/api.ts';
import { useMembers } from '../lib/directory.ts';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

const SOURCES = { api: 'the API', dashboard: 'the dashboard', discord: 'Discord' } as const;

/** `canEdit`: false for a read-only role, which may read the history but not restore from it. */
export function CommandActivity({ command, canEdit, onRestored }: { command: CustomCommand; canEdit: boolean; onRestored: () => void }) {
  const stats = useResource(`stats:${command.id}:${command.updated_at}`, (signal) => api<CommandStats>('GET', `/api/commands/${command.id}/stats`, undefined, { signal }));
  const versions = useResource(`versions:${command.id}:${command.updated_at}`, (signal) =>
    api<{ items: CommandVersion[] }>('GET', `/api/commands/${command.id}/versions`, undefined, { signal }),
  );
  const [restoring, setRestoring] = useState<number | null>(null);
  // Who made each version, by display name (global commands and a missing bot token keep the id).
  const actors = useMembers(command.guild_id, versions.state === 'ready' ? [...new Set(versions.data.items.flatMap((v) => (v.actor_id ? [v.actor_id] : [])))] : []);
  const toast = useToast();
  const restore = async (version: number) => {
    setRestoring(version);
    try {
      await api('POST', `/api/commands/${command.id}/versions/${version}/restore`);
      toast(`Restored version ${version}.`, 'success');
      onRestored();
    } catch (error) {
      toast(`Could not restore: ${(error as Error).message}`, 'error');
    } finally {
      setRestoring(null);
    }
  };
  return (
    <div className="mt-6 grid items-start gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <section className={`${card} h-fit p-5 sm:p-6`} aria-labelledby="stats-title">
        <h2 id="stats-title" className="font-semibold">
          Use in the last 30 days
        </h2>
        {stats.state === 'ready' ? (
          <dl className="mt-3 grid grid-cols-2 gap-3 text-sm" data-testid="command-stats">
            <Figure label="Uses" value={formatNumber(stats.data.uses)} />
            {/* A rate of nothing is not 0 %: with no uses there is no rate to show. */}
            <Figure label="Error rate" value={stats.data.uses === 0 ? '—' : `${(stats.data.error_rate * 100).toFixed(1)} %`} />
            <Figure label="Last used" value={stats.data.last_used_at ? formatDateTime(stats.data.last_used_at) : 'never'} />
            <Figure label="Refused" value={formatNumber(stats.data.denied)} />
            {stats.data.last_error && <Figure label="Last error" value={stats.data.last_error.error} wide />}
            {stats.data.top_users.length > 0 && <Figure label="Top users" value={stats.data.top_users.map((u) => `${u.user_name || u.user_id} (${u.uses})`).join(', ')} wide />}
          </dl>
        ) : (
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">{stats.state === 'error' ? stats.error.message : 'Loading…'}</p>
        )}
      </section>
      <section className={`${card} p-5 sm:p-6`} aria-labelledby="history-title">
        <h2 id="history-title" className="font-semibold">
          History
        </h2>
        {versions.state === 'ready' ? (
          <ol className="mt-3 grid gap-3 text-sm" data-testid="command-history">
            {versions.data.items.map((v, i) => (
              <li key={v.version} className="flex flex-wrap items-start justify-between gap-2 border-t border-zinc-200 pt-3 first:border-0 first:pt-0 dark:border-zinc-800">
                <div className="min-w-0 flex-1">
                  <p>
                    <span className="font-medium">
                      v{v.version} {v.action}
                    </span>{' '}
                    <span className="text-zinc-500 dark:text-zinc-400">
                      {formatDateTime(v.created_at)} ·{' '}
                      {v.actor_id ? <span title={v.actor_id}>{actors.get(v.actor_id)?.name ?? `user ${v.actor_id}`}</span> : 'API token'} via {SOURCES[v.source]}
                    </span>
                  </p>
                  {v.action !== 'create' && Object.keys(v.diff).length > 0 && <p className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">changed: {Object.keys(v.diff).join(', ')}</p>}
                </div>
                {i > 0 && canEdit && (
                  <button type="button" className={`${button.ghost} shrink-0`} disabled={restoring !== null} onClick={() => void restore(v.version)}>
                    {restoring === v.version ? 'Restoring…' : 'Restore'}
                  </button>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">{versions.state === 'error' ? versions.error.message : 'Loading…'}</p>
        )}
      </section>
    </div>
  );
}

function Figure({ label, value, wide = false }: { label: string; value: string; wide?: boolean }) {
  return (
    <div className={wide ? 'col-span-2' : ''}>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="break-words font-medium">{value}</dd>
    </div>
  );
}
