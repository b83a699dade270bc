// Every `when` form, in several zones, including the days European and American clocks change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWhen, splitWhen } from '../../../src/features/scheduling/when.ts';
import { instantOf } from '../../../src/platform/time/time-zone.ts';

// Saturday 28 March 2026, 12:00 UTC: Europe moves its clocks forward tomorrow at 01:00 UTC.
const NOW = Date.parse('2026-03-28T12:00:00Z');
const at = (iso: string) => Date.parse(iso);

const cases: [when: string, zone: string, expected: string | undefined, cron?: string][] = [
  ['10m', 'UTC', '2026-03-28T12:10:00Z'],
  ['2h30m', 'UTC', '2026-03-28T14:30:00Z'],
  ['1d', 'Asia/Tokyo', '2026-03-29T12:00:00Z'],
  ['90 seconds', 'UTC', '2026-03-28T12:01:30Z'],
  ['in 3 days', 'America/New_York', '2026-03-31T12:00:00Z'],
  ['in 2 hours and 15 minutes', 'UTC', '2026-03-28T14:15:00Z'],
  ['tomorrow 9am', 'UTC', '2026-03-29T09:00:00Z'],
  // Tomorrow is the first day of summer time in Berlin (UTC+2).
  ['tomorrow 9am', 'Europe/Berlin', '2026-03-29T07:00:00Z'],
  // 02:30 does not exist in Berlin tomorrow: the clock jumps from 02:00 to 03:00.
  ['tomorrow 2:30', 'Europe/Berlin', '2026-03-29T01:30:00Z'],
  ['tomorrow', 'America/New_York', '2026-03-29T13:00:00Z'],
  ['today 18:00', 'Europe/Berlin', '2026-03-28T17:00:00Z'],
  ['monday 18:00', 'Europe/Berlin', '2026-03-30T16:00:00Z'],
  ['monday 18:00', 'America/Los_Angeles', '2026-03-31T01:00:00Z'],
  ['next saturday', 'UTC', '2026-04-04T09:00:00Z'],
  ['saturday 11:00', 'UTC', '2026-04-04T11:00:00Z'],
  ['saturday 13:00', 'UTC', '2026-03-28T13:00:00Z'],
  ['9am', 'Asia/Tokyo', '2026-03-29T00:00:00Z'],
  ['at 9:30pm', 'UTC', '2026-03-28T21:30:00Z'],
  ['noon', 'Australia/Sydney', '2026-03-29T01:00:00Z'],
  ['2026-12-24', 'UTC', '2026-12-24T09:00:00Z'],
  ['2026-12-24 18:00', 'Europe/Berlin', '2026-12-24T17:00:00Z'],
  ['2026-12-24T18:00', 'America/New_York', '2026-12-24T23:00:00Z'],
  ['2026-12-24T18:00:00Z', 'Europe/Berlin', '2026-12-24T18:00:00Z'],
  ['2026-12-24T18:00:00+05:30', 'UTC', '2026-12-24T12:30:00Z'],
  ['dec 24', 'UTC', '2026-12-24T09:00:00Z'],
  ['24 december 2027 9am', 'UTC', '2027-12-24T09:00:00Z'],
  ['march 1', 'UTC', '2027-03-01T09:00:00Z'],
  ['every day 9am', 'Europe/Berlin', '2026-03-29T07:00:00Z', '0 9 * * *'],
  ['every monday 18:00', 'UTC', '2026-03-30T18:00:00Z', '0 18 * * 1'],
  ['every weekday 8:30', 'America/New_York', '2026-03-30T12:30:00Z', '30 8 * * 1-5'],
  ['someday', 'UTC', undefined],
  ['5', 'UTC', undefined],
  ['25:00', 'UTC', undefined],
  ['2026-02-30', 'UTC', undefined],
  ['2025-01-01', 'UTC', undefined],
  ['every fortnight', 'UTC', undefined],
];

test('parseWhen reads every form in the user\'s zone', () => {
  for (const [when, zone, expected, cron] of cases) {
    const parsed = parseWhen(when, NOW, zone);
    assert.equal(parsed === undefined ? undefined : new Date(parsed.dueAt).toISOString(), expected === undefined ? undefined : new Date(at(expected)).toISOString(), `${when} in ${zone}`);
    assert.equal(parsed?.cron, cron, `${when} in ${zone}: cron`);
  }
});

test('the American change: 9am before and after it is 9am on the wall', () => {
  const beforeChange = Date.parse('2026-03-07T20:00:00Z'); // a Saturday; New York changes on Sunday the 8th
  assert.equal(new Date(parseWhen('tomorrow 9am', beforeChange, 'America/New_York')?.dueAt ?? 0).toISOString(), '2026-03-08T13:00:00.000Z');
  assert.equal(new Date(parseWhen('today 9pm', beforeChange, 'America/New_York')?.dueAt ?? 0).toISOString(), '2026-03-08T02:00:00.000Z');
});

test('a time that happens twice (clocks going back) is the first of the two', () => {
  // Berlin, 25 October 2026: 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
  assert.equal(new Date(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')).toISOString(), '2026-10-25T00:30:00.000Z');
});

test('splitWhen takes the longest leading time and leaves the text', () => {
  const split = (args: string) => {
    const result = splitWhen(args, NOW, 'UTC');
    return result && { at: new Date(result.when.dueAt).toISOString(), text: result.text };
  };
  assert.deepEqual(split('tomorrow 9am buy milk'), { at: '2026-03-29T09:00:00.000Z', text: 'buy milk' });
  assert.deepEqual(split('in 3 days call mom'), { at: '2026-03-31T12:00:00.000Z', text: 'call mom' });
  assert.deepEqual(split('10m 5 pushups'), { at: '2026-03-28T12:10:00.000Z', text: '5 pushups' });
  assert.equal(splitWhen('every day 9am water plants', NOW, 'UTC')?.when.cron, '0 9 * * *');
  assert.equal(split('buy milk tomorrow'), undefined);
});
