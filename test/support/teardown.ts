// node:test runs `t.after` hooks in the order they were added; teardown must run the other way
// round (stop the app before dropping its schema, stop the bot before closing its Discord).
import type { TestContext } from 'node:test';

type Hooks = Pick<TestContext, 'after'>;
const stacks = new WeakMap<Hooks, (() => unknown)[]>();

/** Adds `fn` to the test's teardown; the last added runs first. */
export function onTeardown(t: Hooks, fn: () => unknown): void {
  let stack = stacks.get(t);
  if (!stack) {
    const fns: (() => unknown)[] = [];
    stack = fns;
    stacks.set(t, fns);
    t.after(async () => {
      for (const teardown of fns.reverse()) await watched(teardown);
    });
  }
  stack.push(fn);
}

/** Runs one teardown step; one still waiting after 30 s is named on stderr, so a stalled run says where. */
async function watched(teardown: () => unknown): Promise<void> {
  const timer = setTimeout(() => console.error(`teardown still waiting after 30 s: ${teardown.toString().slice(0, 200)}`), 30_000);
  try {
    await teardown();
  } finally {
    clearTimeout(timer);
  }
}
