// Text from Discord that PostgreSQL cannot store (a NUL) is made storable at the gateway edge:
// before, one such message failed every command-log batch it was in, and the log stopped for good.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';

test('a NUL in a message does not stop the command log', async (t) => {
  const { say, db } = await startBotApp(t, { env: { LOG_FLUSH_INTERVAL_MS: '50' } });
  const first = await say('!ping a\u0000b');
  assert.match(first.content, /Pong/);
  await say('!ping after');
  const rows = await eventually(async () => {
    const found = await db.sql<{ args: string }[]>`select args from command_logs order by id`;
    assert.equal(found.length, 2);
    return found;
  });
  assert.deepEqual(
    rows.map((r) => r.args),
    ['a\uFFFDb', 'after'],
  );
});
