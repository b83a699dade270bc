// Times and numbers for people: in the viewer's own time zone and locale unless told otherwise.

export interface FormatOptions {
  timeZone?: string | undefined;
  locale?: string | undefined;
}

/** The viewer's IANA time zone, e.g. `Europe/Paris`. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `27 Nov 2026, 14:03:09` in the viewer's zone. */
export function formatDateTime(iso: string, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: options.timeZone,
  }).format(new Date(iso));
}

/** The short weekday of a `YYYY-MM-DD` calendar day ("Mon"), whatever the viewer's zone. */
export function weekday(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** "27 Nov" for a `YYYY-MM-DD` calendar day. */
export function shortDate(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

export function formatNumber(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** The quick ranges of the logs view, in milliseconds back from now. */
export const TIME_RANGES = {
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
} as const;
export type TimeRange = keyof typeof TIME_RANGES | 'all' | 'custom';

/** The ISO `since` for a quick range, or undefined for "all time". */
export function sinceFor(range: TimeRange, now: number): string | undefined {
  if (range === 'all' || range === 'custom') return undefined;
  return new Date(now - TIME_RANGES[range].ms).toISOString();
}

/** A `datetime-local` input's value (the viewer's wall time) as an ISO instant; undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `Logs · My Server · Concord`; the server is left out when there is none. */
export function documentTitle(title: string, scope: string | null): string {
  return [title, scope, 'Concord'].filter(Boolean).join(' · ');
}
