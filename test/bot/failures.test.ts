// What a command does not catch reaches the dispatcher's one catch: an AppError (a service's refusal)
// is answered in one sentence only the invoker sees; anything else is reported with a short id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineCommand } from '../../src/module-kit/define.ts';
import { AppError, invalidField } from '../../src/platform/errors/app-error.ts';
import { dispatcherFor } from '../support/dispatcher.ts';

const throwing = (error: unknown) =>
  defineCommand({
    name: 'fails',
    description: 'test',
    run: () => {
      throw error;
    },
  });

test('a command that throws', async (t) => {
  const cases = [
    {
      name: 'a not-found AppError is its message',
      error: new AppError('not_found', 'REMINDER_NOT_FOUND', 'you have no pending reminder #7'),
      replies: ['(only you) That did not work: you have no pending reminder #7.'],
      status: 'ok',
    },
    {
      name: 'an invalid field is its message',
      error: invalidField('aliases', 'must not repeat the command name'),
      replies: ['(only you) That did not work: aliases: must not repeat the command name.'],
      status: 'ok',
    },
    {
      name: 'a limit is its message',
      error: new AppError('limit', 'REMINDER_LIMIT', 'you already have 25 pending reminders; cancel one first'),
      replies: ['(only you) That did not work: you already have 25 pending reminders; cancel one first.'],
      status: 'ok',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const result = await dispatcherFor(throwing(c.error))();
      assert.deepEqual(result.replies, c.replies);
      assert.equal(result.status, c.status);
      assert.equal(result.error, null);
    });
  }

  await t.test('anything else is an error with a short id, and no detail', async () => {
    const result = await dispatcherFor(throwing(new TypeError('x is undefined')))();
    assert.equal(result.status, 'error');
    assert.match(result.replies[0] ?? '', /^\(only you\) Sorry, that did not work\. .*error `[0-9a-f]{8}`/);
    assert.doesNotMatch(result.replies[0] ?? '', /undefined/);
  });
});
