// The one rule for time-zone names (reminders' /timezone, schedules, the overview's tz): IANA names,
// any case, made canonical; offsets and made-up names refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v from 'valibot';
import { TimeZone } from '../../../src/platform/time/time-zone.ts';

test('time zones are IANA names, stored canonical', () => {
  const cases: [string, string | undefined][] = [
    ['UTC', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
    ['+02:00', undefined],
    ['Mars/Olympus', undefined],
    ['', undefined],
    ['Europe/Berlin; drop table', undefined],
  ];
  for (const [name, canonical] of cases) {
    const result = v.safeParse(TimeZone, name);
    assert.equal(result.success ? result.output : undefined, canonical, JSON.stringify(name));
  }
});
