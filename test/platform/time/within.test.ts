import assert from 'node:assert/strict';
import { test } from 'node:test';
import { within } from '../../../src/platform/time/within.ts';

/** Whether `promise` has settled by now (after pending reactions have run). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('within settles as the work does when it finishes in time, and clears its timer', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const cleared = t.mock.method(globalThis, 'clearTimeout');
  assert.equal(await within(Promise.resolve(42), 1_000, 'the hook'), 42);
  const failure = new Error('the hook failed');
  await assert.rejects(within(Promise.reject(failure), 1_000, 'the hook'), (error) => error === failure);
  // A thenable whose `then` throws: rejected with its error, the timer cleared too.
  const broken = {
    // biome-ignore lint/suspicious/noThenProperty: a thenable is what this test needs
    then() {
      throw failure;
    },
  };
  await assert.rejects(within(broken as unknown as PromiseLike<number>, 1_000, 'the hook'), (error) => error === failure);
  assert.equal(cleared.mock.callCount(), 3);
});

test('within rejects, naming the work, once its time has passed first, and not before; a later result is ignored', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let finish: (value: string) => void = () => {};
  const late = within(new Promise<string>((resolve) => (finish = resolve)), 500, 'events.GUILD_CREATE');
  t.mock.timers.tick(499);
  assert.equal(await settled(late), false, 'still waiting 1 ms before its time');
  t.mock.timers.tick(1);
  finish('too late');
  await assert.rejects(late, { message: 'events.GUILD_CREATE did not finish within 500 ms and was abandoned' });
});
