import assert from 'node:assert/strict';
import { test } from 'node:test';
import { within } from '../../../src/platform/time/within.ts';

test('within settles as the work does when it finishes in time, and leaves no timer behind', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  assert.equal(await within(Promise.resolve(42), 1_000, 'the hook'), 42);
  const failure = new Error('the hook failed');
  await assert.rejects(within(Promise.reject(failure), 1_000, 'the hook'), (error) => error === failure);
  // Both timers were cleared: running the clock past them rejects nothing (an unhandled rejection would fail the test).
  t.mock.timers.tick(2_000);
});

test('within rejects, naming the work, once its time has passed first; a later result is ignored', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let finish: (value: string) => void = () => {};
  const late = within(new Promise<string>((resolve) => (finish = resolve)), 500, 'events.GUILD_CREATE');
  t.mock.timers.tick(499);
  await Promise.resolve();
  t.mock.timers.tick(1);
  finish('too late');
  await assert.rejects(late, { message: 'events.GUILD_CREATE did not finish within 500 ms and was abandoned' });
});
