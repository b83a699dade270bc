// The split bot's follower of GET /api/events across the API's periodic end of every stream: it
// reconnects with Last-Event-ID, gets what was published meanwhile, and never reloads everything.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { test } from 'node:test';
import { createEventHub } from '../../src/api/events.ts';
import { followApiEvents } from '../../src/bot/api-events.ts';
import { createLogger } from '../../src/platform/log.ts';
import { eventually } from '../support/eventually.ts';

test('the follower keeps every change across streams that end every 100 ms, and reloads everything only at its first connection', async (t) => {
  const hub = createEventHub({ streamMs: 100 });
  t.after(() => hub.close());
  const resumedFrom: (string | undefined)[] = [];
  // The same hub and headers as GET /api/events, without the API around it.
  const server = createServer((req, res) => {
    const lastEventId = req.headers['last-event-id'];
    resumedFrom.push(typeof lastEventId === 'string' ? lastEventId : undefined);
    const stream = hub.subscribe(typeof lastEventId === 'string' ? lastEventId : undefined, (event) => event, { key: 'token', max: 5, name: 'the API token' });
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
    pipeline(stream, res, () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const changed: (string | null)[] = [];
  const follower = followApiEvents({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: 'unused-by-this-server',
    log: createLogger('silent'),
    onCommandChange: (guildId) => changed.push(guildId),
  });
  t.after(() => follower.close());
  await follower.ready;

  // Published while connected and while between streams (the follower waits 250 ms, then 500 ms,
  // before it reconnects): each reaches the follower once.
  const guilds = Array.from({ length: 20 }, (_, n) => String(100_000_000_000_000_000n + BigInt(n)));
  for (const guildId of guilds) {
    hub.publish({ type: 'command', guild_id: guildId });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await eventually(() => assert.deepEqual(changed.filter((id) => id !== null), guilds));
  assert.ok(resumedFrom.length >= 3, `reconnected ${resumedFrom.length - 1} times`);
  assert.deepEqual(changed.slice(0, 1), [null], 'the first connection reloads everything');
  assert.equal(changed.filter((id) => id === null).length, 1, 'a reconnection resumes instead of reloading');
  assert.ok(resumedFrom.slice(1).every((id) => id !== undefined), 'every reconnection names where it was');
});
