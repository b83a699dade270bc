// A small hand-written bar chart: uses per day. It fits any width: bars shrink, and only as many day
// labels are drawn as fit. Hovering, tapping or the arrow keys (it is a slider over the days) show
// one day's value in the readout above; the numbers are also in a hidden table for screen readers.
import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { labelledDays } from '../lib/chart.ts';
import { formatNumber, shortDate, weekday } from '../lib/format.ts';

export function BarChart({ days, label = 'Uses per day', unit = 'uses' }: { days: { day: string; uses: number }[]; label?: string; unit?: string }) {
  const max = Math.max(1, ...days.map((d) => d.uses));
  const [selected, setSelected] = useState<number | null>(null);
  const bars = useRef<HTMLDivElement>(null);
  const width = useWidth(bars);
  // A week reads best by weekday; longer ranges need the date.
  const byWeekday = days.length <= 7;
  const shown = new Set(labelledDays(days.length, width, byWeekday ? 40 : 64));
  const current = days[selected ?? days.length - 1];
  const dense = days.length > 14;

  const onKey = (event: KeyboardEvent) => {
    const last = days.length - 1;
    const from = selected ?? last;
    const next = event.key === 'ArrowLeft' ? from - 1 : event.key === 'ArrowRight' ? from + 1 : event.key === 'Home' ? 0 : event.key === 'End' ? last : undefined;
    if (next === undefined) return;
    event.preventDefault();
    setSelected(Math.min(last, Math.max(0, next)));
  };

  return (
    <figure data-testid="bar-chart" className="min-w-0">
      <p className="mb-2 h-5 text-sm tabular-nums text-zinc-600 dark:text-zinc-300" data-testid="bar-readout">
        {current && (
          <>
            <span className="font-medium">{shortDate(current.day)}</span>: {formatNumber(current.uses)} {unit}
          </>
        )}
      </p>
      {/* A slider over the days (an <input type="range"> cannot draw bars): arrow keys, Home and End pick a day. */}
      <div
        ref={bars}
        role="slider"
        tabIndex={0}
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={Math.max(0, days.length - 1)}
        aria-valuenow={selected ?? days.length - 1}
        aria-valuetext={current ? `${shortDate(current.day)}: ${formatNumber(current.uses)} ${unit}` : 'no days'}
        onKeyDown={onKey}
        onPointerLeave={(event) => event.pointerType === 'mouse' && setSelected(null)}
        className={`flex h-44 items-end rounded-md ${dense ? 'gap-px sm:gap-1' : 'gap-2 sm:gap-3'}`}
      >
        {days.map((d, i) => (
          <div
            key={d.day}
            data-bar={d.day}
            aria-hidden="true"
            onPointerEnter={() => setSelected(i)}
            onPointerDown={() => setSelected(i)}
            className="group flex h-full min-w-0 flex-1 cursor-default items-end"
          >
            <div
              className={`w-full rounded-t-sm transition-colors ${i === selected ? 'bg-brand-600 dark:bg-brand-300' : 'bg-brand-500/85 dark:bg-brand-400/80'}`}
              style={{ height: `${Math.max((d.uses / max) * 100, d.uses > 0 ? 3 : 1)}%` }}
            />
          </div>
        ))}
      </div>
      <div className="relative mt-2 h-4 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
        {days.map((d, i) => {
          if (!shown.has(i)) return null;
          const text = byWeekday ? weekday(d.day) : shortDate(d.day);
          // The outermost labels align to the chart's edges instead of hanging over them.
          const place = i === days.length - 1 && days.length > 1 ? { right: 0 } : i === 0 ? { left: 0 } : { left: `${((i + 0.5) / days.length) * 100}%`, transform: 'translateX(-50%)' };
          return (
            <span key={d.day} data-label={text} className="absolute top-0 whitespace-nowrap" style={byWeekday ? { left: `${(i / days.length) * 100}%`, width: `${100 / days.length}%`, textAlign: 'center' } : place}>
              {text}
            </span>
          );
        })}
      </div>
      <table className="sr-only">
        <caption>{label}</caption>
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

/** The element's width in px, kept current as it resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
