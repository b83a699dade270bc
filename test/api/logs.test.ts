import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';

const GUILD = '111111111111111111';

function entry(n: number, overrides: Record<string, unknown> = {}) {
  return {
    occurred_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    guild_id: GUILD,
    channel_id: '333333333333333333',
    user_id: n % 2 ? '444444444444444444' : '555555555555555555',
    user_name: n % 2 ? 'odd' : 'even',
    command: n % 3 ? 'ping' : 'help',
    args: '',
    source: 'prefix',
    status: 'ok',
    latency_ms: n,
    error: null,
    event_id: `event-${n}`,
    ...overrides,
  };
}

test('a batch is ingested once, whatever the retries', async (t) => {
  const { request } = await startTestApp(t);
  const items = Array.from({ length: 10 }, (_, n) => entry(n));
  assert.deepEqual((await request('POST', '/api/logs', { items })).body, { received: 10, inserted: 10 });
  assert.deepEqual((await request('POST', '/api/logs', { items })).body, { received: 10, inserted: 0 });
  const all = await request('GET', '/api/logs?limit=200');
  assert.equal(all.body.items.length, 10);
});

test('logs list newest first, filter, and page without gaps or repeats', async (t) => {
  const { request } = await startTestApp(t);
  // Several rows share a timestamp so the (occurred_at, id) tie-break matters.
  const items = Array.from({ length: 25 }, (_, n) => entry(Math.floor(n / 2), { event_id: `e${n}` }));
  await request('POST', '/api/logs', { items });

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: { items: { event_id: string; occurred_at: string }[]; next_cursor: string | null } } =
      await request('GET', `/api/logs?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...res.body.items.map((row) => row.event_id));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);

  const newest = await request('GET', '/api/logs?limit=1');
  assert.equal(newest.body.items[0].occurred_at, new Date(Date.UTC(2026, 0, 1, 0, 0, 12)).toISOString());
  assert.equal(newest.body.items[0].guild_id, GUILD);

  const help = await request('GET', '/api/logs?command=help&user_id=555555555555555555');
  assert.ok(help.body.items.every((row: { command: string; user_id: string }) => row.command === 'help' && row.user_id === '555555555555555555'));
  assert.ok(help.body.items.length > 0);

  const window = await request('GET', '/api/logs?since=2026-01-01T00:00:05Z&until=2026-01-01T00:00:07Z');
  assert.equal(window.body.items.length, 4);
});

test('bad filters and bad rows are named', async (t) => {
  const { request } = await startTestApp(t);
  const badQuery = await request('GET', '/api/logs?status=great&since=yesterday');
  assert.equal(badQuery.status, 400);
  assert.deepEqual(badQuery.body.errors.map((e: { field: string }) => e.field).sort(), ['query.since', 'query.status']);
  const badRows = await request('POST', '/api/logs', { items: [entry(1, { source: 'carrier-pigeon', latency_ms: -1 })] });
  assert.equal(badRows.status, 422);
  assert.deepEqual(badRows.body.errors.map((e: { field: string }) => e.field).sort(), ['items.0.latency_ms', 'items.0.source']);
});

test('ids that are not Discord snowflakes are 422 naming each field, and nothing is stored', async (t) => {
  const { request } = await startTestApp(t);
  const cases: [Record<string, unknown>, string][] = [
    [{ guild_id: 'not-a-guild' }, 'items.0.guild_id'],
    [{ guild_id: '12' }, 'items.0.guild_id'],
    [{ channel_id: '3333333333333333333333' }, 'items.0.channel_id'],
    [{ user_id: 'console' }, 'items.0.user_id'],
    [{ user_id: '44444444444444444a' }, 'items.0.user_id'],
  ];
  for (const [overrides, field] of cases) {
    const res = await request('POST', '/api/logs', { items: [entry(1, overrides)] });
    assert.equal(res.status, 422, JSON.stringify(overrides));
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      [field],
    );
    assert.match(res.body.errors[0].message, /must be a Discord id/);
  }
  // A DM has no guild: null stays allowed.
  assert.equal((await request('POST', '/api/logs', { items: [entry(2, { guild_id: null, channel_id: null })] })).status, 200);
  assert.deepEqual(
    (await request('GET', '/api/logs')).body.items.map((row: { event_id: string }) => row.event_id),
    ['event-2'],
  );
});

test('ingested uses of a custom command move its use count once', async (t) => {
  const { request } = await startTestApp(t);
  const { body: command } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'hello', response: 'hi' });
  const uses = [1, 2, 3].map((n) => entry(n, { command: 'hello', metadata: { custom_command_id: command.id } }));
  await request('POST', '/api/logs', { items: uses });
  await request('POST', '/api/logs', { items: uses });
  assert.equal((await request('GET', `/api/commands/${command.id}`)).body.use_count, 3);
  const overview = await request('GET', '/api/data');
  assert.equal(overview.status, 200);
  assert.equal(overview.body.custom_commands, 1);
  assert.equal(overview.body.uses, 3);
  assert.deepEqual(overview.body.top_commands, [{ command: 'hello', uses: 3 }]);
});
