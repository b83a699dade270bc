// Events: the event log's stored entries for one server (what the log channels were posted), newest
// first, filtered by kind or category, member and time, kept in the address; older pages by cursor.
// Above them, any log channel that refuses the bot's posts, so that the admin learns it here.

import type { DirectoryChannel } from '../../features/guilds/schema.ts';
import { isSnowflake } from '../../platform/ids.ts';
import { ClearFiltersButton, TimeRangeSelect } from '../components/filters.tsx';
import { IdPicker } from '../components/id-picker.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, LoadOlder, Skeleton, Spinner } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { card, input, label } from '../components/ui.ts';
import { UserName } from '../components/user-name.tsx';
import { api, type EventEntry, type LogChannelFault, type Page, query } from '../lib/api.ts';
import { useDirectory, useMembers } from '../lib/directory.ts';
import { formatDateTime, sinceFor, TIME_RANGES, type TimeRange, viewerTimeZone } from '../lib/format.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { usePagedList } from '../lib/use-paged-list.ts';
import { useResource } from '../lib/use-resource.ts';

const PAGE_SIZE = 50;

const CATEGORY_LABEL: Record<EventEntry['category'], string> = { message: 'Messages', member: 'Members', server: 'Server changes', voice: 'Voice' };
const CATEGORY_STYLE: Record<EventEntry['category'], string> = {
  message: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30',
  member: 'bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/30',
  server: 'bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-400/30',
  voice: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30',
};
const CATEGORIES = Object.keys(CATEGORY_LABEL) as EventEntry['category'][];

interface Filters {
  kind: string;
  user: string;
  range: TimeRange;
}

function readFilters(search: URLSearchParams): Filters {
  const range = search.get('range') ?? 'all';
  return { kind: search.get('kind') ?? '', user: search.get('user') ?? '', range: (range in TIME_RANGES ? range : 'all') as TimeRange };
}

export function EventsView({ scope }: { scope: Scope }) {
  const { pathname, search } = useLocation();
  const filters = readFilters(search);
  const toast = useToast();
  const setFilters = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    const params = Object.entries(next).filter(([key, value]) => value !== '' && !(key === 'range' && value === 'all'));
    navigate(`${pathname}${params.length ? `?${new URLSearchParams(params)}` : ''}`, { replace: true });
  };
  const guildId = scope.guildId;
  const list = usePagedList(`${guildId}:${JSON.stringify(filters)}`, (cursor, signal) =>
    guildId
      ? api<Page<EventEntry>>(
          'GET',
          `/api/guilds/${guildId}/events${query({ kind: filters.kind || undefined, user_id: filters.user || undefined, since: sinceFor(filters.range, Date.now()), limit: PAGE_SIZE, cursor })}`,
          undefined,
          { signal },
        )
      : Promise.resolve({ items: [], next_cursor: null }),
  );
  const { rows, status } = list;
  const members = useMembers(guildId, [...new Set(rows.flatMap((row) => [row.user_id, row.moderator_id].filter((id): id is string => id !== null)))]);
  const hasFilters = filters.kind || filters.user || filters.range !== 'all';

  if (!guildId) {
    return (
      <>
        <PageHeader title="Events" subtitle="What happened in a server, as its event log posted it." />
        <div className={card}>
          <EmptyState title="Choose a server">The event log is kept per server: pick one in the server menu.</EmptyState>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Events" subtitle={<>What happened in {scope.name}, as the event log posted it, newest first. Times in {viewerTimeZone()}.</>} />
      <ChannelFaults guildId={guildId} scopeKey={scope.key} />
      <form className={`${card} mb-4 grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-4`} onSubmit={(event) => event.preventDefault()} aria-label="Filters">
        <div>
          <label htmlFor="filter-kind" className={label}>
            Kind
          </label>
          <select id="filter-kind" className={`${input} mt-1`} value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value })}>
            <option value="">Everything</option>
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_LABEL[category]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-user" className={label}>
            Member
          </label>
          <div className="mt-1">
            <IdPicker id="filter-user" guildId={guildId} kind="member" value={filters.user ? [filters.user] : []} onChange={(picked) => (picked.length === 0 || isSnowflake(picked[0] ?? '')) && setFilters({ user: picked[0] ?? '' })} />
          </div>
        </div>
        <TimeRangeSelect value={filters.range} onChange={(range) => setFilters({ range })} allLabel="All kept" />
        <ClearFiltersButton disabled={!hasFilters} onClear={() => navigate(pathname, { replace: true })} />
      </form>

      <div className={`${card} overflow-hidden`}>
        {status === 'error' && list.error ? (
          <ErrorState error={list.error} onRetry={list.retry} />
        ) : status === 'loading' ? (
          <div className="grid gap-3 p-4" aria-busy="true">
            <Spinner label="Loading events" />
            {[1, 2, 3, 4].map((n) => (
              <Skeleton key={n} className="h-9 w-full" />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <EmptyState title={hasFilters ? 'No events match these filters' : 'No events kept yet'}>
            {hasFilters ? 'Try another kind or a wider time range.' : 'Choose log channels in Modules → event-log; what they are posted shows up here too.'}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Events" data-testid="events-list">
            {rows.map((row) => (
              <li key={row.id} className="grid gap-1 px-4 py-3 sm:grid-cols-[11rem_1fr]">
                <time dateTime={row.occurred_at} title={row.occurred_at} className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
                  {formatDateTime(row.occurred_at)}
                </time>
                <div className="min-w-0">
                  <span className={`mr-2 inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CATEGORY_STYLE[row.category]}`}>{CATEGORY_LABEL[row.category]}</span>
                  <span className="break-words text-sm">{row.summary}</span>
                  <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
                    {row.user_id && (
                      <>
                        About <UserName id={row.user_id} member={members.get(row.user_id)} />{' '}
                      </>
                    )}
                    {row.moderator_id && (
                      <>
                        by <UserName id={row.moderator_id} member={members.get(row.moderator_id)} />
                      </>
                    )}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
        {status === 'ready' && rows.length > 0 && <LoadOlder shown={rows.length} noun={['event', 'events']} hasMore={Boolean(list.cursor)} loading={list.loadingMore} onLoad={() => list.loadMore().catch((error: Error) => toast(`Older events did not load: ${error.message}`, 'error'))} />}
      </div>
    </>
  );
}

const SETTING_LABEL: Record<string, string> = { message_channel_id: 'messages', member_channel_id: 'members', server_channel_id: 'server changes', voice_channel_id: 'voice' };

/** The log channels Discord refuses posts to (deleted, or a permission taken), each with what to do. */
function ChannelFaults({ guildId, scopeKey }: { guildId: string; scopeKey: string }) {
  const faults = useResource(`event-log-faults:${guildId}`, (signal) => api<{ items: LogChannelFault[] }>('GET', `/api/guilds/${guildId}/events/faults`, undefined, { signal }));
  const channels = useDirectory<DirectoryChannel>(guildId, 'channels');
  const items = faults.data?.items ?? [];
  if (items.length === 0) return null;
  const nameOf = (id: string) => (channels.state === 'ready' ? channels.items.find((c) => c.id === id)?.name : undefined);
  return (
    <div role="alert" className={`${card} mb-4 grid gap-2 border-amber-400 p-4 text-sm dark:border-amber-500`} data-testid="log-channel-faults">
      <p className="font-medium">{items.length === 1 ? 'A log channel does not take the bot’s posts' : `${items.length} log channels do not take the bot’s posts`}</p>
      <ul className="grid gap-1">
        {items.map((fault) => {
          const name = nameOf(fault.channel_id);
          return (
            <li key={fault.channel_id} className="break-words">
              {name ? `#${name}` : `A channel that no longer exists (${fault.channel_id})`}, the log of {fault.settings.map((s) => SETTING_LABEL[s] ?? s).join(' and ')}: Discord answers “{fault.reason}” since {formatDateTime(fault.failed_at)}. Its entries are kept here but not posted; the bot tries again every 15 minutes.
            </li>
          );
        })}
      </ul>
      <p>
        Give the bot View Channel, Send Messages, Embed Links and Attach Files there, or{' '}
        <Link to={`/servers/${scopeKey}/modules`} className="font-medium underline">
          choose another channel in Modules
        </Link>
        .
      </p>
    </div>
  );
}
