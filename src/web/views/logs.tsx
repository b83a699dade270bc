// Logs: command uses, newest first, with filters kept in the address, keyset paging ("Load older"),
// and new rows fetched as soon as the API's change stream (/api/events) says some were stored;
// polled every few seconds instead while the stream is not open.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { isSnowflake } from '../../platform/ids.ts';
import { ClearFiltersButton, TimeRangeSelect } from '../components/filters.tsx';
import { Icon } from '../components/icons.tsx';
import { IdPicker } from '../components/id-picker.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, LoadOlder, Skeleton, Spinner } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { UserName } from '../components/user-name.tsx';
import { api, type CommandLog, type LogStatus, type Page, query } from '../lib/api.ts';
import { useMembers } from '../lib/directory.ts';
import { formatDateTime, localInputToIso, sinceFor, TIME_RANGES, type TimeRange, viewerTimeZone } from '../lib/format.ts';
import { useHotkey } from '../lib/hotkeys.ts';
import { mergeLogs, newestId } from '../lib/logs-merge.ts';
import { navigate, useLocation } from '../lib/router.tsx';
import { usePagedList } from '../lib/use-paged-list.ts';

const PAGE_SIZE = 50;
const POLL_MS = 3_000;

const STATUS_STYLE: Record<LogStatus, string> = {
  ok: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  error: 'bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30',
  not_found: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-500/10 dark:text-zinc-300 dark:ring-zinc-400/30',
  denied: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30',
  cooldown: 'bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/30',
};
const STATUS_LABEL: Record<LogStatus, string> = { ok: 'OK', error: 'Error', not_found: 'Not found', denied: 'Denied', cooldown: 'Cooldown' };
// A Record over the server's status type names each status once, so this list cannot fall behind it.
const LOG_STATUSES = Object.keys(STATUS_LABEL) as LogStatus[];

interface Filters {
  command: string;
  user: string;
  status: string;
  range: TimeRange;
  from: string;
  to: string;
}

function readFilters(search: URLSearchParams): Filters {
  const range = search.get('range') ?? 'all';
  return {
    command: search.get('command') ?? '',
    user: search.get('user') ?? '',
    status: search.get('status') ?? '',
    range: (range in TIME_RANGES || range === 'custom' ? range : 'all') as TimeRange,
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

export function LogsView({ scope }: { scope: Scope }) {
  const { pathname, search } = useLocation();
  const filters = readFilters(search);
  const filterKey = JSON.stringify(filters);
  const setFilters = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    const params = Object.entries(next).filter(([key, value]) => value !== '' && !(key === 'range' && value === 'all'));
    navigate(`${pathname}${params.length ? `?${new URLSearchParams(params)}` : ''}`, { replace: true });
  };

  const [live, setLive] = useState(true);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const toast = useToast();

  const params = useCallback(
    (extra: Record<string, string | number | undefined>) => {
      const f = JSON.parse(filterKey) as Filters;
      return query({
        guild_id: scope.guildId,
        command: f.command.trim().toLowerCase() || undefined,
        user_id: f.user.trim() || undefined,
        status: f.status || undefined,
        since: f.range === 'custom' ? localInputToIso(f.from) : sinceFor(f.range, Date.now()),
        until: f.range === 'custom' ? localInputToIso(f.to) : undefined,
        ...extra,
      });
    },
    [filterKey, scope.guildId],
  );
  // Live rows may have arrived between pages, so a page is merged by id rather than appended.
  const list = usePagedList(
    `${scope.guildId}:${filterKey}`,
    (cursor, signal) => api<Page<CommandLog>>('GET', `/api/logs${params({ limit: PAGE_SIZE, cursor })}`, undefined, { signal }),
    mergeLogs,
  );
  const { rows, status } = list;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  // A list loaded again has no new rows to mark.
  useEffect(() => {
    if (status === 'loading') setFresh(new Set());
  }, [status]);
  // Today's names for a server's rows (a log row keeps the name its user had then); a view of every
  // server shows the recorded names.
  const members = useMembers(scope.guildId, [...new Set(rows.map((row) => row.user_id))]);

  // Live: ask for rows stored after the newest one shown. A range that ends in the past never grows.
  const canBeLive = filters.range !== 'custom' || !filters.to;
  useEffect(() => {
    if (!live || !canBeLive || status !== 'ready') return;
    let stopped = false;
    let controller: AbortController | undefined;
    let fetching = false;
    let again = false;
    const poll = async () => {
      if (document.visibilityState !== 'visible') return;
      // One request at a time; an announcement during it asks for one more look after it.
      if (fetching) {
        again = true;
        return;
      }
      fetching = true;
      controller = new AbortController();
      const after = newestId(rowsRef.current);
      try {
        const page = await api<Page<CommandLog>>('GET', `/api/logs${params({ limit: 200, after_id: after })}`, undefined, { signal: controller.signal });
        if (stopped || page.items.length === 0) return;
        const known = new Set(rowsRef.current.map((r) => r.id));
        const added = page.items.filter((r) => !known.has(r.id));
        if (added.length === 0) return;
        list.setRows((current) => mergeLogs(current, added));
        setFresh(new Set(added.map((r) => r.id)));
      } catch {
        // A missed poll is retried on the next tick; the table keeps what it has.
      } finally {
        fetching = false;
        if (again && !stopped) {
          again = false;
          void poll();
        }
      }
    };
    const events = typeof EventSource === 'undefined' ? undefined : new EventSource('/api/events');
    events?.addEventListener('logs', (message) => {
      const { guild_ids } = JSON.parse((message as MessageEvent<string>).data) as { guild_ids: (string | null)[] | null };
      if (scope.guildId === null || guild_ids === null || guild_ids.includes(scope.guildId)) void poll();
    });
    // The fallback: polling, whenever the stream is not open (it reconnects by itself).
    const timer = setInterval(() => {
      if (!events || events.readyState !== EventSource.OPEN) void poll();
    }, POLL_MS);
    return () => {
      stopped = true;
      events?.close();
      clearInterval(timer);
      controller?.abort();
    };
  }, [live, canBeLive, status, params, scope.guildId, list.setRows]);

  const loadOlder = () => list.loadMore().catch((error: Error) => toast(`Older uses did not load: ${error.message}`, 'error'));

  const commandInput = useRef<HTMLInputElement>(null);
  useHotkey(
    '/',
    useCallback(() => commandInput.current?.focus(), []),
  );
  const hasFilters = filters.command || filters.user || filters.status || filters.range !== 'all';
  const timeZone = viewerTimeZone();

  return (
    <>
      <PageHeader
        title="Logs"
        subtitle={
          <>
            Every command use{scope.guildId ? ` in ${scope.name}` : ''}, newest first. Times in {timeZone}.
          </>
        }
        actions={
          <button
            type="button"
            className={button.secondary}
            onClick={() => setLive((on) => !on)}
            aria-pressed={live && canBeLive}
            disabled={!canBeLive}
            title={canBeLive ? undefined : 'A range that ends in the past does not change'}
          >
            {live && canBeLive ? (
              <>
                <span className="relative flex size-2.5" aria-hidden="true">
                  <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" />
                  <span className="relative inline-flex size-2.5 rounded-full bg-emerald-500" />
                </span>
                Live
              </>
            ) : (
              <>
                <Icon name="play" className="size-4" /> Paused
              </>
            )}
          </button>
        }
      />

      <form className={`${card} mb-4 grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-5`} onSubmit={(event) => event.preventDefault()} aria-label="Filters">
        <DebouncedField id="filter-command" label="Command" value={filters.command} placeholder="ping" inputRef={commandInput} onCommit={(command) => setFilters({ command })} />
        {scope.guildId ? (
          <div>
            <label htmlFor="filter-user" className={label}>
              User
            </label>
            <div className="mt-1">
              <IdPicker
                id="filter-user"
                guildId={scope.guildId}
                kind="member"
                value={filters.user ? [filters.user] : []}
                // Typed ids (when names are unavailable) filter once they are whole.
                onChange={(picked) => (picked.length === 0 || isSnowflake(picked[0] ?? '')) && setFilters({ user: picked[0] ?? '' })}
              />
            </div>
          </div>
        ) : (
          <DebouncedField id="filter-user" label="User ID" value={filters.user} placeholder="Discord user id" onCommit={(user) => setFilters({ user })} />
        )}
        <div>
          <label htmlFor="filter-status" className={label}>
            Status
          </label>
          <select id="filter-status" className={`${input} mt-1`} value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">Any status</option>
            {LOG_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <TimeRangeSelect value={filters.range} onChange={(range) => setFilters({ range })} allLabel="All time" custom />
        <ClearFiltersButton disabled={!hasFilters} onClear={() => navigate(pathname, { replace: true })} />
        {filters.range === 'custom' && (
          <div className="grid gap-3 sm:col-span-2 sm:grid-cols-2 lg:col-span-5">
            <div>
              <label htmlFor="filter-from" className={label}>
                From
              </label>
              <input id="filter-from" type="datetime-local" className={`${input} mt-1`} value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
            </div>
            <div>
              <label htmlFor="filter-to" className={label}>
                To
              </label>
              <input id="filter-to" type="datetime-local" className={`${input} mt-1`} value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
            </div>
          </div>
        )}
      </form>

      <div className={`${card} overflow-hidden`}>
        {status === 'error' && list.error ? (
          <ErrorState error={list.error} onRetry={list.retry} />
        ) : status === 'loading' ? (
          <div className="grid gap-3 p-4" aria-busy="true">
            <Spinner label="Loading logs" />
            {[1, 2, 3, 4, 5, 6].map((n) => (
              <Skeleton key={n} className="h-9 w-full" />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <EmptyState
            title={hasFilters ? 'No command uses match these filters' : 'No command uses yet'}
            action={
              hasFilters ? (
                <button type="button" className={button.secondary} onClick={() => navigate(pathname, { replace: true })}>
                  Clear filters
                </button>
              ) : undefined
            }
          >
            {hasFilters ? 'Try a wider time range or another command.' : 'When someone runs a command, it shows up here within a few seconds.'}
          </EmptyState>
        ) : (
          // Focusable, so keyboard users can scroll the table sideways on a narrow screen.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
          <section className="overflow-x-auto" tabIndex={0} aria-label="Command uses">
            <table className="w-full text-left text-sm" data-testid="logs-table">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950/40 dark:text-zinc-400">
                <tr>
                  <Th>Time</Th>
                  <Th>Command</Th>
                  <Th>User</Th>
                  <Th>Status</Th>
                  <Th className="hidden md:table-cell">Source</Th>
                  <Th className="hidden text-right sm:table-cell">Latency</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {rows.map((row) => (
                  <tr key={row.id} className={`align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/40 ${fresh.has(row.id) ? 'row-new' : ''}`}>
                    <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-zinc-600 dark:text-zinc-400">
                      <time dateTime={row.occurred_at} title={row.occurred_at}>
                        {formatDateTime(row.occurred_at)}
                      </time>
                    </td>
                    <td className="px-4 py-2.5">
                      <span className="font-mono font-medium">{row.command}</span>
                      {/* Wraps between words; only a word longer than the column is broken. */}
                      {row.args && <span className="block max-w-sm break-words font-mono text-xs text-zinc-600 dark:text-zinc-400">{row.args}</span>}
                    </td>
                    <td className="px-4 py-2.5">
                      <span className="block max-w-48 truncate">
                        <UserName id={row.user_id} member={members.get(row.user_id)} recorded={row.user_name || undefined} />
                      </span>
                      <span className="block font-mono text-xs text-zinc-500 dark:text-zinc-400">{row.user_id}</span>
                    </td>
                    <td className="px-4 py-2.5">
                      <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[row.status]}`}>{STATUS_LABEL[row.status]}</span>
                      {row.error && <span className="mt-1 block max-w-64 text-xs text-red-600 dark:text-red-400">{row.error}</span>}
                    </td>
                    <td className="hidden px-4 py-2.5 text-zinc-600 md:table-cell dark:text-zinc-400">{row.source}</td>
                    <td className="hidden px-4 py-2.5 text-right tabular-nums text-zinc-600 sm:table-cell dark:text-zinc-400">{row.latency_ms} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {status === 'ready' && rows.length > 0 && <LoadOlder shown={rows.length} noun={['use', 'uses']} hasMore={Boolean(list.cursor)} loading={list.loadingMore} onLoad={loadOlder} />}
      </div>
    </>
  );
}

function Th({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`whitespace-nowrap px-4 py-2.5 font-semibold ${className}`}>
      {children}
    </th>
  );
}

/** A text filter that applies 300 ms after typing stops (or at once on Enter). */
function DebouncedField(props: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  onCommit: (value: string) => void;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  const { id, value, onCommit } = props;
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onCommit(text), 300);
    return () => clearTimeout(timer);
  }, [text, value, onCommit]);
  return (
    <div>
      <label htmlFor={id} className={label}>
        {props.label}
      </label>
      <input
        id={id}
        ref={props.inputRef}
        type="search"
        className={`${input} mt-1`}
        value={text}
        placeholder={props.placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onCommit(text);
        }}
      />
    </div>
  );
}
