// Regex triggers matched in the worker thread: the same answers as in the bot's thread, the event
// loop free while a match runs, and a guild whose regexes overrun their deadline set aside.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRegexRunner } from '../../../src/platform/regex/runner.ts';
import { compileRegexSet, type RegexPattern } from '../../../src/platform/regex/set.ts';

const patterns: RegexPattern[] = [
  { pattern: '\\bticket #?\\d+\\b', caseSensitive: false },
  { pattern: '^v\\d+\\.\\d+$', caseSensitive: true },
  { pattern: 'how do i (join|play)', caseSensitive: false },
  { pattern: 'JOIN', caseSensitive: true },
];
// The set, saved before the limits existed: seconds per 2,000-character message in any thread.
const slow: RegexPattern[] = Array.from({ length: 40 }, (_, i) => ({ pattern: `((.{10}){10}){10}zz${i}`, caseSensitive: false }));
const long = 'ab'.repeat(1_000);

test('the worker answers as the bot thread would', async (t) => {
  const runner = startRegexRunner();
  t.after(() => runner.close());
  const set = { id: 1, patterns };
  const inThread = compileRegexSet(patterns);
  for (const content of ['see Ticket #42', 'v1.2', 'V1.2', 'How do I JOIN?', 'how do i JOIN', 'JOIN', 'nothing here', '']) {
    assert.equal(await runner.firstMatch('g1', set, content), inThread.firstMatch(content), content);
  }
  assert.equal(runner.counts().workersStarted, 1);
});

test("the event loop runs while a guild's regexes are matched", async (t) => {
  const runner = startRegexRunner({ deadlineMs: 60_000 });
  t.after(() => runner.close());
  const order: string[] = [];
  const matching = runner.firstMatch('slow', { id: 2, patterns: slow }, long).then(() => order.push('match'));
  await new Promise((resolve) => setTimeout(resolve, 1));
  order.push('timer');
  await runner.close();
  await matching;
  assert.deepEqual(order, ['timer', 'match']);
});

test('a guild whose regexes overrun the deadline is set aside, and the others are answered', async (t) => {
  const warnings: unknown[] = [];
  const runner = startRegexRunner({ deadlineMs: 200, log: { warn: (...args: unknown[]) => warnings.push(args) } });
  t.after(() => runner.close());
  const fast = { id: 3, patterns };
  const results = await Promise.all([
    runner.firstMatch('hostile', { id: 4, patterns: slow }, long),
    runner.firstMatch('hostile', { id: 4, patterns: slow }, long),
    runner.firstMatch('friendly', fast, 'ticket 7'),
  ]);
  assert.deepEqual(results, [-1, -1, 0], 'the queued hostile message is dropped with the guild; the friendly one answered');
  assert.equal(runner.counts().overran, 1);
  assert.equal(runner.counts().workersStarted, 2, 'the late worker was replaced');
  assert.equal(warnings.length, 1);
  assert.equal(await runner.firstMatch('hostile', { id: 4, patterns: slow }, 'zz1'), -1, 'set aside: not even tried');
  assert.equal(runner.counts().overran, 1);
  assert.equal(await runner.firstMatch('friendly', fast, 'ok, v1.2 it is, ticket 9'), 0);
});

test('one guild cannot queue without bound', async (t) => {
  const runner = startRegexRunner({ deadlineMs: 60_000, maxQueuedPerGuild: 3 });
  t.after(() => runner.close());
  await runner.firstMatch('busy', { id: 6, patterns }, 'warm the worker up');
  const pending = Array.from({ length: 6 }, () => runner.firstMatch('busy', { id: 5, patterns: slow }, long));
  // The first is in the worker, three wait, two are turned away at once.
  assert.equal(runner.counts().dropped, 2);
  await runner.close();
  assert.deepEqual(await Promise.all(pending), [-1, -1, -1, -1, -1, -1]);
});
