// Wall-clock time in an IANA time zone, with Intl only: the one place that converts between a
// zone's local date and time and a UTC instant, so DST gaps and overlaps are handled once; and the
// one rule for which zone names are accepted.
import * as v from 'valibot';

/** A date and time as a clock on the wall of some zone shows it; month 1-12, weekday 0 (Sunday)-6. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** What an IANA zone's name looks like. Offsets like "+02:00" are accepted by Intl but have no DST rules: only named zones are. */
export const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** The canonical name of an IANA zone (`europe/berlin` → `Europe/Berlin`), or undefined if unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!TIME_ZONE_NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** An IANA zone name from a client, checked and made canonical (`europe/berlin` → `Europe/Berlin`). */
export const TimeZone = v.pipe(
  v.string(),
  // What the OpenAPI document shows of the check below (which also asks Intl whether the zone exists).
  v.metadata({ pattern: TIME_ZONE_NAME.source, examples: ['Europe/Berlin'] }),
  v.check((name) => canonicalTimeZone(name) !== undefined, (issue) => `must be an IANA time zone such as Europe/Berlin, got ${JSON.stringify(issue.input)}`),
  v.transform((name) => canonicalTimeZone(name) ?? name),
);

/** What the wall clock in `timeZone` shows at `instant` (ms since the epoch). */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** The instant at which the wall clock in `timeZone` shows the given date and time. A time that
 *  does not exist (skipped by a DST change) moves forward by the gap, as clocks do. */
export function instantOf(time: Omit<WallTime, 'weekday'>, timeZone: string): number {
  const asUtc = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
  // The zone's offsets a day either side cover any DST change near this time (one a day at most).
  const candidates = [-86_400_000, 0, 86_400_000].map((shift) => asUtc - offsetAt(asUtc + shift, timeZone));
  const shows = (instant: number) => {
    const wall = wallTimeAt(instant, timeZone);
    return wall.day === time.day && wall.hour === time.hour && wall.minute === time.minute;
  };
  const matching = candidates.filter(shows);
  // Twice (clocks going back): the first. Never (skipped): the time moved forward by the gap.
  return matching.length > 0 ? Math.min(...matching) : Math.max(...candidates);
}

/** Adds `days` to a calendar date (month and year roll over). */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in summer: +7_200_000). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallTimeAt(instant, timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  return asUtc - (instant - (instant % 1_000));
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
