// Loading, empty and error states: every view shows one of these instead of a blank page.
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api.ts';
import { Icon, type IconName } from './icons.tsx';
import { button } from './ui.ts';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
      <span className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
      {label}…
    </span>
  );
}

/** Grey placeholder blocks shaped like the content to come. */
export function Skeleton({ className = 'h-4 w-full' }: { className?: string }) {
  return <div className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} aria-hidden="true" />;
}

/** A heading level that follows the page's outline: 2 under a view's title, 3 inside a section. */
type Level = 1 | 2 | 3;

export function EmptyState({ icon = 'inbox', title, children, action, level = 2 }: { icon?: IconName; title: string; children?: ReactNode; action?: ReactNode; level?: Level }) {
  const Heading = `h${level}` as const;
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      <div className="mb-4 grid size-12 place-items-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
        <Icon name={icon} className="size-6" />
      </div>
      <Heading className={level === 1 ? 'text-xl font-semibold' : 'text-base font-semibold'}>{title}</Heading>
      {children && <div className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry, level = 2 }: { error: Error; onRetry?: (() => void) | undefined; level?: Level }) {
  const status = error instanceof ApiError ? error.status : undefined;
  const Heading = `h${level}` as const;
  // Trying again cannot change a refusal.
  const canRetry = onRetry && status !== 403;
  const title = status === 403 ? 'You cannot see this' : status === 0 ? 'Cannot reach Concord' : 'Something went wrong';
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-14 text-center">
      <div className="mb-4 grid size-12 place-items-center rounded-full bg-red-50 text-red-600 dark:bg-red-950 dark:text-red-400">
        <Icon name="alert" className="size-6" />
      </div>
      <Heading className="text-base font-semibold">{title}</Heading>
      <p className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{error.message}</p>
      {canRetry && (
        <button type="button" className={`${button.secondary} mt-5`} onClick={onRetry}>
          <Icon name="refresh" className="size-4" /> Try again
        </button>
      )}
    </div>
  );
}

/** Under a paged list: how many rows are shown, and a button for older ones while there are more. */
export function LoadOlder({ shown, noun, hasMore, loading, onLoad }: { shown: number; noun: [one: string, many: string]; hasMore: boolean; loading: boolean; onLoad: () => void }) {
  return (
    <div className="flex items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <span>
        {shown} {shown === 1 ? noun[0] : noun[1]} shown
      </span>
      {hasMore ? (
        <button type="button" className={button.secondary} onClick={onLoad} disabled={loading}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      ) : (
        <span>That is all.</span>
      )}
    </div>
  );
}
