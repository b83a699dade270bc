// Reads the `when` of a reminder: durations (`10m`, `2h30m`, `in 3 days`), days and times (`tomorrow
// 9am`, `monday 18:00`), dates (`2026-12-24 18:00`, `dec 24`), ISO timestamps, and repeats (`every
// day 9am`, `every monday 18:00`). Times without a zone are read in the user's zone.
import { addDays, instantOf, type WallTime, wallTimeAt } from '../../platform/time/time-zone.ts';

export interface When {
  /** The first time it is due, ms since the epoch. */
  dueAt: number;
  /** For a repeating reminder: a cron expression (minute hour day month weekday), read in the zone. */
  cron?: string;
}

/** A day and time without one given: 9 in the morning. */
const DEFAULT_HOUR = 9;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNIT_WORDS: [RegExp, string][] = [
  [/^(s|secs?|seconds?)$/, 's'],
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
  [/^(w|wks?|weeks?)$/, 'w'],
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Parses all of `text` as a `when`, seen at `now` in `timeZone`; undefined if it is not one. */
export function parseWhen(text: string, now: number, timeZone: string): When | undefined {
  const input = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (input === '') return undefined;
  return parseRepeat(input, now, timeZone) ?? parseOnce(input, now, timeZone);
}

/** Splits `!remind` arguments into the longest leading `when` and the text after it. */
export function splitWhen(args: string, now: number, timeZone: string): { when: When; text: string } | undefined {
  const words = args.trim().split(/\s+/);
  for (let count = Math.min(words.length - 1, 6); count >= 1; count--) {
    const when = parseWhen(words.slice(0, count).join(' '), now, timeZone);
    if (when) return { when, text: words.slice(count).join(' ') };
  }
  return undefined;
}

function parseOnce(input: string, now: number, timeZone: string): When | undefined {
  const duration = parseDuration(input.replace(/^in /, ''));
  if (duration !== undefined) return { dueAt: now + duration };
  if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})$/.test(input)) {
    const instant = Date.parse(input.toUpperCase());
    return Number.isNaN(instant) ? undefined : { dueAt: instant };
  }
  // A local ISO timestamp (`2026-12-24T18:00`) is a date and a time in the user's zone.
  const dayAndTime = parseDayAndTime(input.replace(/^(\d{4}-\d{2}-\d{2})t/, '$1 '), now, timeZone);
  return dayAndTime === undefined ? undefined : { dueAt: dayAndTime };
}

/** `every day 9am`, `every weekday 8:30`, `every monday 18:00`: a cron expression and its next run. */
function parseRepeat(input: string, now: number, timeZone: string): When | undefined {
  const match = /^every (day|weekday|[a-z]+)(?: (?:at )?(.+))?$/.exec(input);
  if (!match?.[1]) return undefined;
  const time = match[2] === undefined ? { hour: DEFAULT_HOUR, minute: 0 } : parseTime(match[2]);
  if (!time) return undefined;
  const weekday = weekdayOf(match[1]);
  const days = match[1] === 'day' ? '*' : match[1] === 'weekday' ? '1-5' : weekday === undefined ? undefined : String(weekday);
  if (days === undefined) return undefined;
  const today = wallTimeAt(now, timeZone);
  const matchesDay = (w: number) => days === '*' || (days === '1-5' ? w >= 1 && w <= 5 : w === weekday);
  for (let offset = 0; offset <= 8; offset++) {
    const date = addDays(today, offset);
    const dueAt = instantOf({ ...date, ...time }, timeZone);
    if (matchesDay((today.weekday + offset) % 7) && dueAt > now) return { dueAt, cron: `${time.minute} ${time.hour} * * ${days}` };
  }
  return undefined;
}

/** `10m`, `2h30m`, `1d`, `3 days`, `2 hours and 5 minutes` (lowercase): ms, or undefined. */
export function parseDuration(input: string): number | undefined {
  const tokens = input.replace(/,| and /g, ' ').match(/\d+\s*[a-z]+/g);
  if (!tokens || tokens.join('').replace(/\s/g, '') !== input.replace(/,| and |\s/g, '')) return undefined;
  let total = 0;
  for (const token of tokens) {
    const [, amount, word] = /^(\d+)\s*([a-z]+)$/.exec(token) ?? [];
    const unit = UNIT_WORDS.find(([pattern]) => pattern.test(word ?? ''))?.[1];
    if (!unit || amount === undefined) return undefined;
    total += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  return total > 0 ? total : undefined;
}

/** A day (`today`, `tomorrow`, `monday`, `next friday`, `2026-12-24`, `dec 24`, `24 december 2026`)
 *  and/or a time (`9am`, `18:00`, `at 9:30pm`); the next such moment after `now`. */
function parseDayAndTime(input: string, now: number, timeZone: string): number | undefined {
  const today = wallTimeAt(now, timeZone);
  const match = /^(?:on )?(.*?)(?:,? (?:at )?([0-9:.]+ ?(?:am|pm)?|noon|midnight))?$/.exec(input);
  let dayText = (match?.[1] ?? '').trim();
  let timeText = match?.[2];
  const time = timeText === undefined ? undefined : parseTime(timeText);
  if (timeText !== undefined && !time) {
    // Not a time after all: the number belongs to the day (`dec 24`).
    dayText = input.replace(/^on /, '');
    timeText = undefined;
  }
  const onlyTime = timeText === undefined ? parseTime(dayText.replace(/^at /, '')) : dayText === 'at' ? time : undefined;
  if (onlyTime) {
    // A time alone: the next time the clock shows it, today or tomorrow.
    const todayAt = instantOf({ ...today, ...onlyTime }, timeZone);
    return todayAt > now ? todayAt : instantOf({ ...addDays(today, 1), ...onlyTime }, timeZone);
  }
  const day = parseDay(dayText, today);
  if (!day) return undefined;
  const at = instantOf({ ...day.date, ...(time ?? { hour: DEFAULT_HOUR, minute: 0 }) }, timeZone);
  // A weekday whose time today has passed means next week; a past date is an error, not next year.
  if (at <= now && day.isWeekday) return instantOf({ ...addDays(day.date, 7), ...(time ?? { hour: DEFAULT_HOUR, minute: 0 }) }, timeZone);
  return at > now ? at : undefined;
}

function parseDay(text: string, today: WallTime): { date: { year: number; month: number; day: number }; isWeekday?: boolean } | undefined {
  if (text === 'today') return { date: today };
  if (text === 'tomorrow') return { date: addDays(today, 1) };
  const weekday = weekdayOf(text.replace(/^next /, ''));
  if (weekday !== undefined) {
    const ahead = (weekday - today.weekday + 7) % 7;
    // "next monday" on a Monday is a week ahead; "monday" is today if its time is still to come.
    return { date: addDays(today, text.startsWith('next ') && ahead === 0 ? 7 : ahead), isWeekday: !text.startsWith('next ') };
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const monthFirst = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/.exec(text);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?\.? ([a-z]+)\.?(?:,? (\d{4}))?$/.exec(text);
  const [monthName, dayNumber, year] = monthFirst ? [monthFirst[1], monthFirst[2], monthFirst[3]] : dayFirst ? [dayFirst[2], dayFirst[1], dayFirst[3]] : [];
  const month = monthOf(monthName ?? '');
  if (month === undefined || dayNumber === undefined) return undefined;
  const explicitYear = year === undefined ? undefined : Number(year);
  const candidate = validDate(explicitYear ?? today.year, month, Number(dayNumber));
  // "dec 24" said in January of next year's... is this year's if still ahead, else next year's.
  if (candidate && explicitYear === undefined && compareDates(candidate.date, today) < 0) return validDate(today.year + 1, month, Number(dayNumber));
  return candidate;
}

/** `9am`, `9:30 pm`, `18:00`, `18.00`, `noon`, `midnight`. */
function parseTime(text: string): { hour: number; minute: number } | undefined {
  if (text === 'noon') return { hour: 12, minute: 0 };
  if (text === 'midnight') return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?:[:.](\d{2}))? ?(am|pm)?$/.exec(text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const meridiem = match[3];
  // A bare number is not a time ("remind 5 things"); it needs minutes or am/pm.
  if (match[2] === undefined && !meridiem) return undefined;
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function weekdayOf(word: string): number | undefined {
  if (word.length < 3) return undefined;
  const index = WEEKDAYS.findIndex((name) => name.startsWith(word));
  return index === -1 ? undefined : index;
}

function monthOf(word: string): number | undefined {
  if (word.length < 3) return undefined;
  const index = MONTHS.findIndex((name) => name.startsWith(word));
  return index === -1 ? undefined : index + 1;
}

function validDate(year: number, month: number, day: number) {
  const date = addDays({ year, month, day }, 0);
  return date.month === month && date.day === day ? { date } : undefined;
}

function compareDates(a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
