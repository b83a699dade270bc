// Lookups of one key at about the same time become one lookup of them all, each caller getting its part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batched } from '../../src/platform/batch.ts';

test('keys asked for together are looked up in one call; each gets its own answer, or the empty one', async () => {
  const calls: string[][] = [];
  const lookup = batched(
    async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((key) => key !== 'none').map((key) => [key, key.toUpperCase()]));
    },
    { empty: () => '', waitMs: 5 },
  );
  assert.deepEqual(await Promise.all(['a', 'b', 'a', 'none'].map(lookup)), ['A', 'B', 'A', '']);
  assert.deepEqual(calls, [['a', 'b', 'none']]);
  assert.equal(await lookup('c'), 'C');
  assert.equal(calls.length, 2, 'a later key is a batch of its own');
});

test('a full batch goes at once, and a failed lookup fails each of its callers', async () => {
  const calls: string[][] = [];
  const lookup = batched(
    async (keys) => {
      calls.push(keys);
      if (keys.includes('bad')) throw new Error('the database is down');
      return new Map(keys.map((key) => [key, key.length]));
    },
    { empty: () => 0, waitMs: 60_000, max: 3 },
  );
  // With a minute to wait, only the third key can send the batch.
  assert.deepEqual(await Promise.all(['x', 'yy', 'zzz'].map(lookup)), [1, 2, 3]);
  const failing = ['bad', 'ok', 'fine'].map((key) => lookup(key).then(() => 'answered', (error: Error) => error.message));
  assert.deepEqual(await Promise.all(failing), ['the database is down', 'the database is down', 'the database is down']);
  assert.equal(calls.length, 2);
});

test('with maxWaitMs, keys keep gathering while they come closer together than waitMs, up to maxWaitMs after the first', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const calls: string[][] = [];
  const lookup = batched(
    async (keys) => {
      calls.push(keys);
      return new Map(keys.map((key) => [key, key]));
    },
    { empty: () => '', waitMs: 5, maxWaitMs: 50 },
  );
  // A burst: a key every 3 ms, for 60 ms.
  const asked: Promise<string>[] = [];
  for (let i = 0; i < 20; i++) {
    asked.push(lookup(`k${i}`));
    t.mock.timers.tick(3);
  }
  t.mock.timers.tick(5);
  await Promise.all(asked);
  assert.deepEqual(
    calls.map((keys) => keys.length),
    [17, 3],
    'one lookup for the first 50 ms of the burst, one for the rest once it was quiet',
  );
  // A lone key goes once it has been quiet for waitMs.
  const lone = lookup('alone');
  t.mock.timers.tick(5);
  assert.equal(await lone, 'alone');
  assert.deepEqual(calls.at(-1), ['alone']);
});
