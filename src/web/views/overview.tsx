// Overview: counts, the most used commands, and uses per day over the last week.
import { BarChart } from '../components/bar-chart.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/states.tsx';
import { button, card } from '../components/ui.ts';
import { api, type Overview, query } from '../lib/api.ts';
import { formatNumber, viewerTimeZone } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';

export function OverviewView({ scope }: { scope: Scope }) {
  const timeZone = viewerTimeZone();
  const overview = useResource(`overview:${scope.key}`, (signal) =>
    api<Overview>('GET', `/api/overview${query({ guild_id: scope.guildId, tz: timeZone })}`, undefined, { signal }),
  );
  return (
    <>
      <PageHeader title="Overview" subtitle={scope.guildId ? scope.name : 'Every server Concord is in'} />
      {overview.state === 'error' && (
        <div className={card}>
          <ErrorState error={overview.error} onRetry={overview.reload} />
        </div>
      )}
      {overview.state !== 'error' && (
        <div className="grid gap-6">
          <dl className="grid gap-4 sm:grid-cols-3">
            <Stat label="Custom commands" value={overview.data?.custom_commands} />
            <Stat label="Uses, all time" value={overview.data?.uses} />
            <Stat label="Uses, last 24 hours" value={overview.data?.uses_24h} />
          </dl>
          <div className="grid gap-6 xl:grid-cols-5">
            <section className={`${card} p-5 xl:col-span-3`} aria-labelledby="chart-title">
              <h2 id="chart-title" className="font-semibold">
                Uses over the last 7 days
              </h2>
              <p className="mb-5 text-xs text-zinc-500 dark:text-zinc-400">Days in your time zone ({timeZone})</p>
              {overview.state === 'loading' ? <Skeleton className="h-52 w-full" /> : <BarChart days={overview.data.uses_by_day} label="Uses per day" />}
            </section>
            <section className={`${card} p-5 xl:col-span-2`} aria-labelledby="top-title">
              <h2 id="top-title" className="mb-4 font-semibold">
                Most used commands
              </h2>
              {overview.state === 'loading' ? (
                <div className="grid gap-3">
                  {[1, 2, 3, 4].map((n) => (
                    <Skeleton key={n} className="h-7 w-full" />
                  ))}
                </div>
              ) : overview.data.top_commands.length === 0 ? (
                <EmptyState level={3} title="No commands used yet">
                  Uses appear here once someone runs a command, like <code>!ping</code>.
                  <div className="mt-4">
                    <Link to={`/servers/${scope.key}/commands/new`} className={button.secondary}>
                      Create a custom command
                    </Link>
                  </div>
                </EmptyState>
              ) : (
                <TopCommands rows={overview.data.top_commands} />
              )}
            </section>
          </div>
        </div>
      )}
    </>
  );
}

function Stat({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className={`${card} p-5`}>
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold tabular-nums tracking-tight">
        {value === undefined ? <Skeleton className="mt-2 h-7 w-20" /> : formatNumber(value)}
      </dd>
    </div>
  );
}

function TopCommands({ rows }: { rows: { command: string; uses: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.uses));
  return (
    <ol className="grid gap-2.5">
      {rows.map((row) => (
        <li key={row.command} className="relative overflow-hidden rounded-md">
          <div className="absolute inset-y-0 left-0 rounded-md bg-brand-500/10 dark:bg-brand-400/15" style={{ width: `${(row.uses / max) * 100}%` }} aria-hidden="true" />
          <div className="relative flex items-center justify-between gap-3 px-3 py-1.5 text-sm">
            <span className="truncate font-mono">{row.command}</span>
            <span className="tabular-nums text-zinc-600 dark:text-zinc-300">{formatNumber(row.uses)}</span>
          </div>
        </li>
      ))}
    </ol>
  );
}
