// GET /api/overview (and its old path /api/data) for the dashboard's overview, and the live tail of GET /api/logs (after_id).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';

const GUILD = '111111111111111111';
const DAY = 86_400_000;

function use(at: Date, n: number, overrides: Record<string, unknown> = {}) {
  return {
    occurred_at: at.toISOString(),
    guild_id: GUILD,
    channel_id: '333333333333333333',
    user_id: '444444444444444444',
    user_name: 'someone',
    command: 'ping',
    args: '',
    source: 'prefix',
    status: 'ok',
    latency_ms: 1,
    error: null,
    event_id: `use-${n}`,
    ...overrides,
  };
}

test('the overview counts uses per day over the last 7 days, zeros included', async (t) => {
  const { request } = await startTestApp(t);
  const now = Date.now();
  const items = [
    use(new Date(now), 1),
    use(new Date(now), 2, { command: 'help' }),
    use(new Date(now - 2 * DAY), 3),
    use(new Date(now - 30 * DAY), 4),
    use(new Date(now), 5, { guild_id: '999999999999999999' }),
  ];
  await request('POST', '/api/logs', { items });
  const res = await request('GET', `/api/overview?guild_id=${GUILD}&tz=UTC`);
  assert.equal(res.status, 200);
  assert.equal(res.body.uses, 4);
  assert.equal(res.body.uses_24h, 2);
  const days = res.body.uses_by_day as { day: string; uses: number }[];
  assert.equal(days.length, 7);
  assert.equal(days.at(-1)?.day, new Date(now).toISOString().slice(0, 10));
  assert.deepEqual(days.map((d) => d.uses), [0, 0, 0, 0, 1, 0, 2]);
  assert.deepEqual(res.body.top_commands, [{ command: 'ping', uses: 3 }, { command: 'help', uses: 1 }]);
  // Its first path still answers, the same, for clients written against it.
  assert.deepEqual((await request('GET', `/api/data?guild_id=${GUILD}&tz=UTC`)).body, res.body);
});

test('the overview buckets days in the viewer\'s time zone, and rejects an unknown one', async (t) => {
  const { request } = await startTestApp(t);
  await request('POST', '/api/logs', { items: [use(new Date(Date.now() - 60_000), 1)] });
  const tokyo = await request('GET', `/api/overview?guild_id=${GUILD}&tz=${encodeURIComponent('Asia/Tokyo')}`);
  assert.equal(tokyo.status, 200);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
  assert.equal(tokyo.body.uses_by_day.at(-1).day, today);
  const bad = await request('GET', '/api/overview?tz=Mars/Olympus');
  assert.equal(bad.status, 400);
  assert.match(bad.body.detail, /query\.tz: must be an IANA time zone/);
});

test('after_id returns only the rows stored since, newest first, for a live view', async (t) => {
  const { request } = await startTestApp(t);
  const base = Date.now() - 60_000;
  await request('POST', '/api/logs', { items: [use(new Date(base), 1), use(new Date(base + 1_000), 2)] });
  const first = await request('GET', `/api/logs?guild_id=${GUILD}`);
  const newest = first.body.items[0].id as string;
  // A late row, older than the newest one shown, still arrives through after_id.
  await request('POST', '/api/logs', { items: [use(new Date(base - 5_000), 3), use(new Date(base + 2_000), 4)] });
  const since = await request('GET', `/api/logs?guild_id=${GUILD}&after_id=${newest}`);
  assert.deepEqual(since.body.items.map((row: { event_id: string }) => row.event_id), ['use-4', 'use-3']);
  assert.equal((await request('GET', '/api/logs?after_id=x')).status, 400);
});

test('the overview counts live commands only, not the deleted ones waiting to be restored', async (t) => {
  const { request } = await startTestApp(t);
  const kept = await request('POST', '/api/commands', { guild_id: GUILD, name: 'kept', response: 'k' });
  const gone = await request('POST', '/api/commands', { guild_id: GUILD, name: 'gone', response: 'g' });
  assert.equal(kept.status, 201);
  assert.equal((await request('DELETE', `/api/commands/${gone.body.id}`)).status, 204);
  assert.equal((await request('GET', `/api/data?guild_id=${GUILD}`)).body.custom_commands, 1);
  assert.equal((await request('GET', '/api/data')).body.custom_commands, 1);
});
