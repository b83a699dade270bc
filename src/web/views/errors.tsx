// Unexpected errors, grouped by fingerprint, with their stacks; global admins mark them resolved.
import { useState } from 'react';
import { PageHeader } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { button, card } from '../components/ui.ts';
import { api, type ErrorGroup, type Page, query } from '../lib/api.ts';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

export function ErrorsView() {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const groups = useResource(`errors:${status}`, (signal) => api<Page<ErrorGroup>>('GET', `/api/errors${query({ status })}`, undefined, { signal }));
  const resolve = async (id: string) => {
    await api('POST', `/api/errors/${id}/resolve`);
    groups.reload();
  };
  return (
    <>
      <PageHeader
        title="Errors"
        subtitle="Unexpected errors in commands, the API and background jobs, one row per fingerprint"
        actions={
          <select className={button.secondary} value={status} onChange={(event) => setStatus(event.target.value as 'open' | 'resolved')} aria-label="Status">
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        }
      />
      {groups.state === 'error' && (
        <div className={card}>
          <ErrorState error={groups.error} onRetry={groups.reload} />
        </div>
      )}
      {groups.state === 'loading' && <Skeleton className="h-40 w-full" />}
      {groups.state === 'ready' && groups.data.items.length === 0 && (
        <div className={card}>
          <EmptyState title={status === 'open' ? 'No open errors' : 'Nothing resolved yet'} />
        </div>
      )}
      {groups.state === 'ready' && (
        <ul className="grid gap-4">
          {groups.data.items.map((group) => (
            <li key={group.id} className={`${card} p-5`}>
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="font-semibold">
                    {group.error_type}: <span className="font-normal">{group.message}</span>
                  </h2>
                  <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                    {group.source} · {timesSeen(Number(group.count))} · first {formatDateTime(group.first_seen_at)} · last{' '}
                    {formatDateTime(group.last_seen_at)} · last id <code>{group.last_error_id}</code>
                  </p>
                </div>
                {group.status === 'open' && (
                  <button type="button" className={button.secondary} onClick={() => void resolve(group.id)}>
                    Resolve
                  </button>
                )}
              </div>
              <details className="mt-3">
                <summary className="cursor-pointer text-sm">Stack and context</summary>
                {/* Focusable: a long stack scrolls sideways, and keyboard users must be able to scroll it. */}
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1). */}
                <pre tabIndex={0} className="mt-2 overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-800">{group.stack}</pre>
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: as above. */}
                <pre tabIndex={0} className="mt-2 overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-800">{JSON.stringify(group.context, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "once", "2 times", "1,204 times". */
function timesSeen(count: number): string {
  return count === 1 ? 'once' : `${formatNumber(count)} times`;
}
