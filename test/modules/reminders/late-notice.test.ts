// The "late by…" line goes only where it fits: no message built for Discord is over its 2000 limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CONTENT_LENGTH, withLateNotice } from '../../../src/modules/reminders/delivery.ts';

const HOUR = 3_600_000;
const cases: [string, string, number, string | RegExp][] = [
  ['on time: the text alone', 'hi', 30_000, 'hi'],
  ['late, room to spare: the full line', 'hi', 2 * HOUR, 'hi\n-# late by 2 h: Concord was offline when this was due'],
  ['late, room for the short line only', 'x'.repeat(1_980), 2 * HOUR, `${'x'.repeat(1_980)}\n-# late by 2 h`],
  ['late, no room: the text whole, no line', 'x'.repeat(2_000), 2 * HOUR, 'x'.repeat(2_000)],
  ['a text over the limit (stored before it was enforced) is cut', 'x'.repeat(2_500), 2 * HOUR, `${'x'.repeat(1_999)}…`],
  ['a cut never splits a surrogate pair', '😀'.repeat(1_200), 0, /^(😀){999}…$/u],
];

for (const [name, text, lateMs, expected] of cases) {
  test(name, () => {
    const content = withLateNotice(text, lateMs);
    assert.ok(content.length <= MAX_CONTENT_LENGTH, `${content.length} characters`);
    if (typeof expected === 'string') assert.equal(content, expected);
    else assert.match(content, expected);
  });
}
