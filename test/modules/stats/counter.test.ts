// The in-memory stats counter: totals add up, writes are batched, failures keep their counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStatsCounter } from '../../../src/modules/stats/counter.ts';
import type { UserStatsDelta } from '../../../src/modules/stats/queries.ts';
import { createLogger } from '../../../src/platform/log.ts';

const log = createLogger('silent');

test('a burst from many users becomes one row per user and day, written in one batch', async () => {
  const batches: UserStatsDelta[][] = [];
  const counter = createStatsCounter({ write: async (batch) => void batches.push(batch), log, intervalMs: 60_000 });
  for (let i = 0; i < 10_000; i++) counter.countMessage('g1', `u${i % 100}`);
  counter.countCommand('g1', 'u1');
  await counter.close();
  assert.equal(batches.length, 1);
  const rows = batches[0] ?? [];
  assert.equal(rows.length, 100);
  assert.equal(rows.reduce((sum, row) => sum + row.messages, 0), 10_000);
  assert.deepEqual(rows.find((row) => row.user_id === 'u1'), { guild_id: 'g1', user_id: 'u1', day: rows[0]?.day, messages: 100, commands: 1 });
});

test('a failed write keeps its counts for the next flush', async () => {
  let failing = true;
  const written: UserStatsDelta[] = [];
  const counter = createStatsCounter({
    write: async (batch) => {
      if (failing) throw new Error('database away');
      written.push(...batch);
    },
    log,
    intervalMs: 60_000,
  });
  counter.countMessage('g1', 'u1');
  await counter.flush();
  assert.equal(counter.pending(), 1);
  counter.countMessage('g1', 'u1');
  failing = false;
  await counter.close();
  assert.deepEqual(written.map((row) => row.messages), [2]);
});

test('counts land on the UTC day they were counted', async () => {
  let now = new Date('2026-01-31T23:59:59Z');
  const written: UserStatsDelta[] = [];
  const counter = createStatsCounter({ write: async (batch) => void written.push(...batch), log, intervalMs: 60_000, now: () => now });
  counter.countMessage('g1', 'u1');
  now = new Date('2026-02-01T00:00:01Z');
  counter.countMessage('g1', 'u1');
  await counter.close();
  assert.deepEqual(written.map((row) => row.day).sort(), ['2026-01-31', '2026-02-01']);
});
