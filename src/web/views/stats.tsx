// User stats for one server: totals over 30 days, messages and commands per UTC day, and the top users.
import { BarChart } from '../components/bar-chart.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { card } from '../components/ui.ts';
import { UserName } from '../components/user-name.tsx';
import { api, type GuildStats, type LeaderboardRow, query } from '../lib/api.ts';
import { useMembers } from '../lib/directory.ts';
import { formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

const DAYS = 30;

export function StatsView({ scope }: { scope: Scope }) {
  const guildId = scope.guildId;
  const stats = useResource(`stats:${scope.key}`, (signal) =>
    guildId ? api<GuildStats>('GET', `/api/stats${query({ guild_id: guildId, days: DAYS })}`, undefined, { signal }) : Promise.resolve(undefined),
  );
  if (!guildId) {
    return (
      <>
        <PageHeader title="Stats" />
        <div className={card}>
          <EmptyState title="Pick a server">Stats are kept per server: choose one in the server picker.</EmptyState>
        </div>
      </>
    );
  }
  const data = stats.state === 'ready' ? stats.data : undefined;
  const series = (field: 'messages' | 'commands') => (data?.daily ?? []).map((d) => ({ day: d.day, uses: Number(d[field]) }));
  return (
    <>
      <PageHeader title="Stats" subtitle={`${scope.name}: the last ${DAYS} days, in UTC days`} />
      {stats.state === 'error' ? (
        <div className={card}>
          <ErrorState error={stats.error} onRetry={stats.reload} />
        </div>
      ) : (
        <div className="grid gap-6">
          <dl className="grid gap-4 sm:grid-cols-3">
            <Total label="Messages" value={data?.totals.messages} />
            <Total label="Commands" value={data?.totals.commands} />
            <Total label="Active users" value={data?.totals.active_users} />
          </dl>
          <div className="grid gap-6 xl:grid-cols-2">
            <Chart title="Messages per day" unit="messages" days={data ? series('messages') : undefined} />
            <Chart title="Commands per day" unit="commands" days={data ? series('commands') : undefined} />
          </div>
          <div className="grid gap-6 xl:grid-cols-2">
            <Leaderboard guildId={guildId} title="Top by messages" rows={data?.leaderboard.messages} field="messages" />
            <Leaderboard guildId={guildId} title="Top by commands" rows={data?.leaderboard.commands} field="commands" />
          </div>
        </div>
      )}
    </>
  );
}

function Total({ label, value }: { label: string; value: string | number | undefined }) {
  return (
    <div className={`${card} p-5`}>
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold tabular-nums tracking-tight">
        {value === undefined ? <Skeleton className="mt-2 h-7 w-20" /> : formatNumber(Number(value))}
      </dd>
    </div>
  );
}

function Chart({ title, unit, days }: { title: string; unit: string; days: { day: string; uses: number }[] | undefined }) {
  return (
    <section className={`${card} min-w-0 p-5`}>
      <h2 className="mb-3 font-semibold">{title}</h2>
      {days ? <BarChart days={days} label={title} unit={unit} /> : <Skeleton className="h-52 w-full" />}
    </section>
  );
}

function Leaderboard({ guildId, title, rows, field }: { guildId: string; title: string; rows: LeaderboardRow[] | undefined; field: 'messages' | 'commands' }) {
  // Display names from Discord; the id stays on hover, and is all there is until (or unless) it resolves.
  const members = useMembers(guildId, rows?.map((row) => row.user_id) ?? []);
  return (
    <section className={`${card} min-w-0 p-5`} aria-label={title}>
      <h2 className="mb-4 font-semibold">{title}</h2>
      {!rows ? (
        <Skeleton className="h-40 w-full" />
      ) : rows.length === 0 ? (
        <EmptyState level={3} title="Nobody counted yet">Messages are counted as they arrive and written every few seconds.</EmptyState>
      ) : (
        <ol className="grid gap-2">
          {rows.map((row, i) => (
            <li key={row.user_id} className="flex justify-between gap-4 text-sm">
              <span className="min-w-0 truncate">
                {i + 1}. <UserName id={row.user_id} member={members.get(row.user_id)} />
              </span>
              <span className="tabular-nums">{formatNumber(Number(row[field]))}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
