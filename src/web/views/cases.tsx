// Cases: a server's moderation cases, newest first, filtered by member, moderator, action and time
// (kept in the address, so a filtered view can be shared); filtered to a member it is their history,
// with their whole record by action. Older pages by cursor; the Act form acts as the viewer.
import { useReducer, useState } from 'react';
import { formatDuration } from '../../modules/moderation/mod-log.ts';
import { isSnowflake } from '../../platform/ids.ts';
import { ClearFiltersButton, TimeRangeSelect } from '../components/filters.tsx';
import { ChannelName, IdPicker } from '../components/id-picker.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, LoadOlder, Skeleton, Spinner } from '../components/states.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { UserName } from '../components/user-name.tsx';
import { api, type Case, type CaseAction, type CaseCounts, type Page, query } from '../lib/api.ts';
import { useMembers } from '../lib/directory.ts';
import { formatDateTime, sinceFor, TIME_RANGES, type TimeRange, viewerTimeZone } from '../lib/format.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { usePagedList } from '../lib/use-paged-list.ts';
import { useResource } from '../lib/use-resource.ts';
import { ActForm } from './case-act-form.tsx';
import { ActionBadge, Actor, actionLabel, CASE_ACTIONS, historyPath, isModuleOff, ModuleOffState } from './case-parts.tsx';

const PAGE_SIZE = 50;

interface Filters {
  member: string;
  moderator: string;
  action: CaseAction | '';
  range: TimeRange;
}

function readFilters(search: URLSearchParams): Filters {
  const range = search.get('range') ?? 'all';
  const action = search.get('action') ?? '';
  const id = (key: string) => {
    const value = search.get(key) ?? '';
    return isSnowflake(value) ? value : '';
  };
  return {
    member: id('member'),
    moderator: id('moderator'),
    action: (CASE_ACTIONS as string[]).includes(action) ? (action as CaseAction) : '',
    range: (range in TIME_RANGES ? range : 'all') as TimeRange,
  };
}

export function CasesView({ scope }: { scope: Scope }) {
  const { pathname, search } = useLocation();
  const filters = readFilters(search);
  const toast = useToast();
  const guildId = scope.guildId;
  const canEdit = scope.canEdit !== false;
  // The member the Act form opens on ('' for none); null while it is closed.
  const [acting, setActing] = useState<string | null>(null);
  // Bumped after acting, so the list and the member's record show the new case.
  const [made, bump] = useReducer((n: number) => n + 1, 0);
  const setFilters = (changes: Partial<Filters>) => {
    const next = { ...filters, ...changes };
    const params = Object.entries(next).filter(([key, value]) => value !== '' && !(key === 'range' && value === 'all'));
    navigate(`${pathname}${params.length ? `?${new URLSearchParams(params)}` : ''}`, { replace: true });
  };
  const list = usePagedList(`${guildId}:${JSON.stringify(filters)}:${made}`, (cursor, signal) =>
    guildId
      ? api<Page<Case>>(
          'GET',
          `/api/guilds/${guildId}/cases${query({
            user_id: filters.member || undefined,
            moderator_id: filters.moderator || undefined,
            action: filters.action || undefined,
            since: sinceFor(filters.range, Date.now()),
            limit: PAGE_SIZE,
            cursor,
          })}`,
          undefined,
          { signal },
        )
      : Promise.resolve({ items: [], next_cursor: null }),
  );
  const { rows, status } = list;
  const members = useMembers(guildId, [...new Set(rows.flatMap((row) => [row.user_id, row.moderator_id].filter((id): id is string => id !== null)))]);
  const hasFilters = filters.member || filters.moderator || filters.action || filters.range !== 'all';
  const pick = (key: 'member' | 'moderator') => (picked: string[]) => (picked.length === 0 || isSnowflake(picked[0] ?? '')) && setFilters({ [key]: picked[0] ?? '' });

  if (!guildId) {
    return (
      <>
        <PageHeader title="Cases" subtitle="Warnings, timeouts, kicks and bans, numbered per server." />
        <div className={card}>
          <EmptyState title="Choose a server">Cases are kept per server: pick one in the server menu.</EmptyState>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Cases"
        subtitle={<>Warnings, timeouts, kicks and bans in {scope.name}, newest first. Times in {viewerTimeZone()}.</>}
        actions={
          canEdit && acting === null ? (
            <button type="button" className={button.primary} onClick={() => setActing(filters.member)}>
              Act on a member
            </button>
          ) : undefined
        }
      />
      {acting !== null && (
        <ActForm
          key={acting}
          guildId={guildId}
          initialMember={acting}
          onCancel={() => setActing(null)}
          onDone={(c) => {
            toast(`Case ${c.number}: ${actionLabel(c.action).toLowerCase()} recorded`);
            setActing(null);
            bump();
          }}
        />
      )}
      {filters.member && <MemberHistory scope={scope} guildId={guildId} userId={filters.member} made={made} canEdit={canEdit} onAct={() => setActing(filters.member)} />}
      <form className={`${card} mb-4 grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-5`} onSubmit={(event) => event.preventDefault()} aria-label="Filters">
        <div>
          <label htmlFor="filter-member" className={label}>
            Member
          </label>
          <div className="mt-1">
            <IdPicker id="filter-member" guildId={guildId} kind="member" value={filters.member ? [filters.member] : []} onChange={pick('member')} />
          </div>
        </div>
        <div>
          <label htmlFor="filter-moderator" className={label}>
            Moderator
          </label>
          <div className="mt-1">
            <IdPicker id="filter-moderator" guildId={guildId} kind="member" value={filters.moderator ? [filters.moderator] : []} onChange={pick('moderator')} />
          </div>
        </div>
        <div>
          <label htmlFor="filter-action" className={label}>
            Action
          </label>
          <select id="filter-action" className={`${input} mt-1`} value={filters.action} onChange={(e) => setFilters({ action: e.target.value as CaseAction | '' })}>
            <option value="">Every action</option>
            {CASE_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
        </div>
        <TimeRangeSelect value={filters.range} onChange={(range) => setFilters({ range })} allLabel="All time" />
        <ClearFiltersButton disabled={!hasFilters} onClear={() => navigate(pathname, { replace: true })} />
      </form>

      <div className={`${card} overflow-hidden`}>
        {status === 'error' && isModuleOff(list.error) ? (
          <ModuleOffState scope={scope} />
        ) : status === 'error' && list.error ? (
          <ErrorState error={list.error} onRetry={list.retry} />
        ) : status === 'loading' ? (
          <div className="grid gap-3 p-4" aria-busy="true">
            <Spinner label="Loading cases" />
            {[1, 2, 3, 4].map((n) => (
              <Skeleton key={n} className="h-12 w-full" />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <EmptyState icon="shield" title={hasFilters ? 'No cases match these filters' : 'No cases yet'}>
            {hasFilters ? 'Try another action or a wider time range.' : 'Warnings, timeouts, kicks, bans and purges show up here, by command, from this page or by a rule.'}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Cases" data-testid="cases-list">
            {rows.map((c) => (
              <li key={c.number} className="grid gap-x-4 gap-y-1 px-4 py-3 sm:grid-cols-[7rem_minmax(0,1fr)_11rem]" data-case={c.number}>
                <div className="flex flex-wrap items-center gap-2 sm:flex-col sm:items-start">
                  <Link to={`/servers/${scope.key}/cases/${c.number}`} aria-label={`Case ${c.number}`} className="font-semibold tabular-nums text-brand-700 hover:underline dark:text-brand-300">
                    #{c.number}
                  </Link>
                  <ActionBadge action={c.action} />
                </div>
                <div className="min-w-0 text-sm">
                  <p className="break-words">
                    {c.user_id && (
                      <>
                        <Link to={historyPath(scope, c.user_id)} className="hover:underline">
                          <UserName id={c.user_id} member={members.get(c.user_id)} />
                        </Link>{' '}
                      </>
                    )}
                    <span className="text-zinc-600 dark:text-zinc-400">
                      {/* A purge's channel, or where automod deleted a message. */}
                      {c.channel_id && (
                        <>
                          in <ChannelName guildId={guildId} id={c.channel_id} />{' '}
                        </>
                      )}
                      by <Actor c={c} members={members} />
                      {c.duration_ms !== null && <> · for {formatDuration(c.duration_ms)}</>}
                      {c.message_count !== null && (
                        <>
                          {' '}
                          · {c.message_count} {c.message_count === 1 ? 'message' : 'messages'}
                        </>
                      )}
                    </span>
                  </p>
                  <p className="mt-0.5 break-words text-zinc-700 dark:text-zinc-300">{c.reason ?? <span className="italic text-zinc-600 dark:text-zinc-400">No reason given</span>}</p>
                </div>
                <time dateTime={c.created_at} title={c.created_at} className="text-sm tabular-nums text-zinc-600 sm:text-right dark:text-zinc-400">
                  {formatDateTime(c.created_at)}
                </time>
              </li>
            ))}
          </ul>
        )}
        {status === 'ready' && rows.length > 0 && <LoadOlder shown={rows.length} noun={['case', 'cases']} hasMore={Boolean(list.cursor)} loading={list.loadingMore} onLoad={() => list.loadMore().catch((error: Error) => toast(`Older cases did not load: ${error.message}`, 'error'))} />}
      </div>
    </>
  );
}

/** A member's record above their cases: how many of each action, however many pages they fill. */
function MemberHistory({ scope, guildId, userId, made, canEdit, onAct }: { scope: Scope; guildId: string; userId: string; made: number; canEdit: boolean; onAct: () => void }) {
  const counts = useResource(`case-counts:${guildId}:${userId}:${made}`, (signal) => api<CaseCounts>('GET', `/api/guilds/${guildId}/cases/counts${query({ user_id: userId })}`, undefined, { signal }));
  const member = useMembers(guildId, [userId]).get(userId);
  return (
    <section className={`${card} mb-4 flex flex-wrap items-center justify-between gap-4 p-4`} aria-labelledby="member-history">
      <div className="min-w-0">
        <h2 id="member-history" className="text-base font-semibold break-words">
          History of <UserName id={userId} member={member} />
        </h2>
        {counts.state === 'loading' && <Skeleton className="mt-2 h-5 w-48" />}
        {counts.state === 'error' && !isModuleOff(counts.error) && <p className="mt-1 text-sm text-red-700 dark:text-red-400">Their record did not load: {counts.error.message}</p>}
        {counts.state === 'ready' && (
          <>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="history-total">
              {counts.data.total === 0 ? 'No cases.' : `${counts.data.total} ${counts.data.total === 1 ? 'case' : 'cases'} in all`}
            </p>
            {counts.data.by_action.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-2" aria-label="Cases by action">
                {counts.data.by_action.map(({ action, count }) => (
                  <li key={action} className="inline-flex items-center gap-1.5 text-sm" data-action={action}>
                    <ActionBadge action={action} />
                    <span className="font-semibold tabular-nums">{count}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        {canEdit && (
          <button type="button" className={button.secondary} onClick={onAct}>
            Act on this member
          </button>
        )}
        <Link to={`/servers/${scope.key}/cases`} className={button.ghost}>
          All cases
        </Link>
      </div>
    </section>
  );
}
