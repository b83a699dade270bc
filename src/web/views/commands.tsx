// Custom commands: search, enable or disable in place, delete with confirmation, and links to edit.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Icon } from '../components/icons.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { Switch } from '../components/switch.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input } from '../components/ui.ts';
import { api, type CustomCommand, type Page, query } from '../lib/api.ts';
import { formatNumber } from '../lib/format.ts';
import { useHotkey } from '../lib/hotkeys.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { usePagedList } from '../lib/use-paged-list.ts';
import { CommandTools } from './command-tools.tsx';

export function CommandsView({ scope }: { scope: Scope }) {
  const { pathname, search } = useLocation();
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  const [deleting, setDeleting] = useState<CustomCommand | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const base = `/servers/${scope.key}/commands`;
  const canEdit = scope.canEdit !== false;
  const list = usePagedList(`${scope.key}:${q}`, (cursor, signal) =>
    api<Page<CustomCommand>>('GET', `/api/commands${query({ guild_id: scope.guildId ?? 'global', q: q.trim() || undefined, limit: 100, cursor })}`, undefined, { signal }),
  );
  const { rows: items, setRows: setItems } = list;

  // Search as you type, 250 ms after the last key; the query lives in the address.
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => navigate(`${pathname}${text.trim() ? `?q=${encodeURIComponent(text.trim())}` : ''}`, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text, q, pathname]);

  const more = () => list.loadMore().catch((e: Error) => toast(e.message, 'error'));

  const toggle = async (command: CustomCommand) => {
    const enabled = !command.enabled;
    setItems((current) => current.map((c) => (c.id === command.id ? { ...c, enabled } : c)));
    try {
      await api('PATCH', `/api/commands/${command.id}`, { enabled });
      toast(`${command.name} is ${enabled ? 'enabled' : 'disabled'}`);
    } catch (e) {
      setItems((current) => current.map((c) => (c.id === command.id ? { ...c, enabled: command.enabled } : c)));
      toast((e as Error).message, 'error');
    }
  };

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await api('DELETE', `/api/commands/${deleting.id}`);
      setItems((current) => current.filter((c) => c.id !== deleting.id));
      toast(`Deleted ${deleting.name}`);
      setDeleting(null);
    } catch (e) {
      toast((e as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };

  const searchRef = useRef<HTMLInputElement>(null);
  useHotkey(
    '/',
    useCallback(() => searchRef.current?.focus(), []),
  );
  useHotkey(
    'n',
    useCallback(() => {
      if (canEdit) navigate(`${base}/new`);
    }, [base, canEdit]),
  );

  return (
    <>
      <PageHeader
        title="Custom commands"
        subtitle={scope.guildId ? `Commands the bot answers in ${scope.name}` : 'Global commands: answered in every server'}
        actions={
          canEdit && (
            <Link to={`${base}/new`} className={button.primary} aria-keyshortcuts="n">
              <Icon name="plus" className="size-4" /> New command
            </Link>
          )
        }
      />
      <div className="relative mb-4 max-w-md">
        <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
        <label htmlFor="command-search" className="sr-only">
          Search commands
        </label>
        <input
          id="command-search"
          ref={searchRef}
          type="search"
          className={`${input} pl-9 sm:pr-9`}
          placeholder="Search by name or description"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-keyshortcuts="/"
        />
        {/* The shortcut hint, only where there is a keyboard to press it on (not on phones). */}
        <span
          aria-hidden="true"
          className="pointer-events-none absolute right-2.5 top-1/2 hidden -translate-y-1/2 rounded border border-zinc-300 px-1.5 font-sans text-xs text-zinc-600 sm:[@media(hover:hover)]:block dark:border-zinc-700 dark:text-zinc-400"
          data-testid="search-shortcut"
        >
          /
        </span>
      </div>
      <div className={`${card} overflow-hidden`}>
        {list.status === 'error' && list.error ? (
          <ErrorState error={list.error} onRetry={list.retry} />
        ) : list.status === 'loading' ? (
          <div className="grid gap-3 p-4" aria-busy="true">
            {[1, 2, 3, 4].map((n) => (
              <Skeleton key={n} className="h-12 w-full" />
            ))}
          </div>
        ) : items.length === 0 ? (
          q ? (
            <EmptyState icon="search" title={`No command matches “${q}”`}>
              Search looks at names and descriptions.
            </EmptyState>
          ) : (
            <EmptyState
              icon="commands"
              title="No custom commands yet"
              action={
                canEdit && (
                  <Link to={`${base}/new`} className={button.primary}>
                    <Icon name="plus" className="size-4" /> Create the first one
                  </Link>
                )
              }
            >
              A custom command answers with your text, like <code>!rules</code> or <code>/custom name:rules</code>.
            </EmptyState>
          )
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Commands">
            {items.map((command) => (
              <li key={command.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                <div className="min-w-0 flex-1 basis-64">
                  <Link to={`${base}/${command.id}`} className="font-mono font-semibold text-brand-600 hover:underline dark:text-brand-300">
                    {command.name}
                  </Link>
                  {command.aliases.length > 0 && (
                    <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">also {command.aliases.join(', ')}</span>
                  )}
                  <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{command.description || command.response}</p>
                </div>
                <span className="text-sm tabular-nums text-zinc-500 dark:text-zinc-400">{formatNumber(command.use_count)} uses</span>
                <Switch checked={command.enabled} label={`Enable ${command.name}`} onChange={() => toggle(command)} disabled={!canEdit} />
                <div className="flex gap-1">
                  <Link to={`${base}/${command.id}`} className={button.ghost} aria-label={`${canEdit ? 'Edit' : 'View'} ${command.name}`}>
                    <Icon name="edit" className="size-4" />
                  </Link>
                  {canEdit && (
                    <button type="button" className={button.ghost} onClick={() => setDeleting(command)} aria-label={`Delete ${command.name}`}>
                      <Icon name="trash" className="size-4" />
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {list.status === 'ready' && list.cursor && (
          <div className="border-t border-zinc-200 px-4 py-3 text-right dark:border-zinc-800">
            <button type="button" className={button.secondary} onClick={more}>
              Load more
            </button>
          </div>
        )}
      </div>
      {scope.guildId && canEdit && <CommandTools guildId={scope.guildId} listed={items} onChange={list.retry} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete command"
        busy={busy}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      >
        The bot stops answering <code>{deleting?.name}</code> at once. Its past uses stay in the logs. It can be restored for 30 days.
      </ConfirmDialog>
    </>
  );
}
