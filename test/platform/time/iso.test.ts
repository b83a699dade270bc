// isoTime writes what Date.prototype.toISOString writes, for every time it is asked about.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoTime } from '../../../src/platform/time/iso.ts';

const reference = (ms: number) => new Date(ms).toISOString();

test('the edges of its range, leap days and century years are written as toISOString writes them', () => {
  const cases = [
    0,
    1, // 1970-01-01T00:00:00.001Z
    951_782_400_000, // 2000-02-29, a leap day of a year divisible by 400
    951_868_800_000, // 2000-03-01
    4_107_542_400_000, // 2100-03-01: 2100 has no leap day
    4_107_542_399_999, // the last millisecond of 2100-02-28
    1_709_164_799_999, // 2024-02-28T23:59:59.999Z
    253_402_300_799_999, // 9999-12-31T23:59:59.999Z, the last it writes itself
  ];
  for (const ms of cases) {
    assert.equal(isoTime(ms), reference(ms), String(ms));
    assert.equal(isoTime(new Date(ms)), reference(ms), `Date ${ms}`);
  }
});

test('a number with a fraction of a millisecond is cut as a Date cuts it', () => {
  for (const ms of [1.5, 1e12 + 0.25, 253_402_300_799_999.5, -0.5, 0.999]) assert.equal(isoTime(ms), reference(ms), String(ms));
});

test('times outside 1970 to 9999 are toISOString’s, and an invalid date throws as it does', () => {
  for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 8.64e15]) assert.equal(isoTime(ms), reference(ms), String(ms));
  assert.throws(() => isoTime(new Date(Number.NaN)), RangeError);
});

test('random times, one after another of one day and of many, match toISOString', () => {
  // Its date is kept between calls: alternate days so that a stale one would show.
  let seed = 12_345;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < 20_000; i++) {
    const ms = i % 3 === 0 ? Math.floor(next() * 253_402_300_800_000) : 1_765_000_000_000 + Math.floor(next() * 86_400_000);
    assert.equal(isoTime(ms), reference(ms), String(ms));
  }
});
