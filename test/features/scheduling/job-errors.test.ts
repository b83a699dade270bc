// The scheduler is a background job: a bug in it is reported for error tracking, while Discord or
// the network saying no is ordinary delivery trouble, retried or recorded on the row.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { DiscordAPIError } from '@discordjs/rest';
import { type DeliveryQueue, type DueRow, startScheduler } from '../../../src/features/scheduling/scheduler.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { eventually } from '../../support/eventually.ts';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

function queueThatThrows(error: unknown, outcomes: string[]): DeliveryQueue {
  let claimed = false;
  const row: DueRow = { id: '1', due_at: new Date(0), cron: null, time_zone: 'UTC', attempts: 0 };
  return {
    name: 'test',
    async claimDue() {
      if (claimed) return [];
      claimed = true;
      return [row];
    },
    nextDueAt: async () => null,
    send: () => Promise.reject(error),
    markSent: async () => {},
    retry: async (_id, _at, reason) => void outcomes.push(`retry: ${reason}`),
    fail: async (_id, reason) => void outcomes.push(`fail: ${reason}`),
  };
}

function run(error: unknown) {
  const outcomes: string[] = [];
  const reported: { error: unknown; context: Record<string, unknown> }[] = [];
  const scheduler = startScheduler({
    queues: [queueThatThrows(error, outcomes)],
    clock: { now: () => Date.now() },
    log: quiet,
    pollIntervalMs: 60_000,
    onError: (e, context) => reported.push({ error: e, context }),
  });
  return { outcomes, reported, scheduler };
}

test('a bug while sending is reported as a job error, and the row is retried', async () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
  const { outcomes, reported, scheduler } = run(bug);
  await eventually(() => assert.equal(outcomes.length, 1));
  await scheduler.stop();
  assert.deepEqual(reported, [{ error: bug, context: { job: 'scheduler', queue: 'test', id: '1' } }]);
  assert.match(outcomes[0] ?? '', /^retry: Cannot read properties/);
});

test('Discord refusing a send is recorded on the row, not reported as a bug', async () => {
  const refusal = new DiscordAPIError({ code: 50001, message: 'Missing Access' }, 50001, 403, 'POST', '/channels/1/messages', {});
  const { outcomes, reported, scheduler } = run(refusal);
  await eventually(() => assert.equal(outcomes.length, 1));
  await scheduler.stop();
  assert.deepEqual(reported, []);
  assert.match(outcomes[0] ?? '', /^fail: 403 Missing Access \(50001\)$/);
});
