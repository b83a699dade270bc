// The REST proxy's pacer: however unevenly requests travel between admission and response, no
// one-second window sees more than the limit arrive (what Discord counts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GlobalPacer } from '../../src/proxy/global-pacer.ts';
import { maxPerSecond } from '../support/shards.ts';

test('no second sees more than the limit arrive, with trips of 0-300 ms', { timeout: 30_000 }, async () => {
  const pacer = new GlobalPacer(10);
  const arrivals: number[] = [];
  // Deterministic "random" trips: some requests crawl to Discord, the next ones race.
  const trip = (i: number) => ((i * 7919) % 13) * 25;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 45 }, async (_, i) => {
      const done = await pacer.take();
      await sleep(trip(i));
      arrivals.push(Date.now());
      await sleep(trip(i + 5));
      done();
    }),
  );
  assert.ok(maxPerSecond(arrivals) <= 10, `${maxPerSecond(arrivals)} arrived within one second`);
  // And it does not starve: 45 requests at 10 a second take about four seconds and a bit.
  assert.ok(Date.now() - started < 12_000, `${Date.now() - started} ms`);
});
