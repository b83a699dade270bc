// A small hand-written SVG bar chart: uses per day. Each bar has a tooltip and the numbers are in a
// visually hidden table for screen readers.
import { formatNumber, shortDate, weekday } from '../lib/format.ts';

export function BarChart({ days }: { days: { day: string; uses: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.uses));
  const width = 100 / Math.max(days.length, 1);
  return (
    <figure>
      <div className="flex h-48 items-end gap-2 sm:gap-3" aria-hidden="true">
        {days.map((d) => (
          <div key={d.day} className="group flex h-full flex-1 flex-col items-center justify-end gap-1.5" style={{ maxWidth: `${width}%` }}>
            <span className="text-xs tabular-nums text-zinc-500 opacity-0 transition group-hover:opacity-100 dark:text-zinc-400">
              {formatNumber(d.uses)}
            </span>
            <div
              title={`${shortDate(d.day)}: ${formatNumber(d.uses)} uses`}
              className="w-full rounded-t-md bg-brand-500/85 transition-colors group-hover:bg-brand-500 dark:bg-brand-400/80"
              style={{ height: `${Math.max((d.uses / max) * 100, d.uses > 0 ? 3 : 1)}%` }}
            />
          </div>
        ))}
      </div>
      <div className="mt-2 flex gap-2 sm:gap-3" aria-hidden="true">
        {days.map((d) => (
          <div key={d.day} className="flex-1 text-center text-xs text-zinc-500 dark:text-zinc-400">
            {weekday(d.day)}
          </div>
        ))}
      </div>
      <table className="sr-only">
        <caption>Uses per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{shortDate(d.day)}</th>
              <td>{d.uses}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
