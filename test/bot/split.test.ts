// `bin/app api` + `bin/app bot` as two parts: the bot has no database and talks to the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';
import { createMovedClock } from '../support/moved-clock.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { onTeardown } from '../support/teardown.ts';

test('a split bot reads commands from the API and loses no log rows when the API is away', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake, say, guild, channelId, member } = world;
  const api = await startTestApp(t);
  const apiPort = Number(new URL(api.url).port);
  const proxy = await startTcpProxy('127.0.0.1', apiPort);
  onTeardown(t, () => proxy.close());
  const clock = createMovedClock();
  // startTestApp passes the test schema as DATABASE_URL: the split bot uses it for reminders only.
  const bot = await startTestApp(t, {
    api: false,
    bot: true,
    db: api.db,
    clock,
    env: { ...world.env, API_URL: `http://127.0.0.1:${proxy.port}`, COMMAND_CACHE_TTL_MS: '100', REMINDER_POLL_INTERVAL_MS: '100' },
  });

  await t.test('built-ins answer', async () => {
    assert.match((await say('!ping')).content, /^Pong!/);
  });

  await t.test('commands made through the API answer, and edits arrive', async () => {
    const { body } = await api.request('POST', '/api/commands', { guild_id: guild.id, name: 'hello', response: 'Hello {user}' });
    await eventually(async () => assert.equal((await say('!hello')).content, 'Hello Bob'));
    await api.request('PATCH', `/api/commands/${body.id}`, { response: 'Edited' });
    await eventually(async () => assert.equal((await say('!hello')).content, 'Edited'));
  });

  await t.test('with DATABASE_URL the split bot sets and delivers reminders', async () => {
    assert.match((await say('!remind 10m water the plants')).content, /^Reminder #\d+ set/);
    clock.advance(10 * 60_000 + 1_000);
    const delivered = await fake.waitForMessage((m) => String(m.body.content).includes('water the plants') && m.body.components !== undefined);
    assert.deepEqual((delivered.body.allowed_mentions as { users: string[] }).users, [member.id]);
  });

  await t.test('the bot process answers /health for its orchestrator', async () => {
    const health = await request(bot.url, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body.checks.gateway.shards, { 0: 'ready' });
  });

  await t.test('with the API away, the bot still answers and its log rows arrive later', async () => {
    await proxy.cut();
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const message = fake.sendMessage({ channel_id: channelId, author: member, content: i % 2 ? '!hello' : '!ping' });
      sent.push(message.id);
      await fake.waitForMessage((m) => (m.body.message_reference as { message_id: string }).message_id === message.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.restore();
    await eventually(async () => {
      const { body } = await api.request('GET', `/api/logs?guild_id=${guild.id}&limit=200`);
      const logged = new Set(body.items.map((row: { event_id: string }) => row.event_id));
      for (const id of sent) assert.ok(logged.has(id), `event ${id} was logged`);
    }, 10_000);
    const { body } = await api.request('GET', `/api/logs?guild_id=${guild.id}&command=hello&limit=200`);
    assert.ok(body.items.every((row: { status: string }) => row.status === 'ok'), 'the cached command answered while the API was away');
  });
});
