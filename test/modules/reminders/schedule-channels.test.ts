// A stored channel is only sent to inside its own guild: a schedule's channel must be one of its
// guild's when saved (API and /schedule add, in `all` and in api-only processes) and again when sent;
// a reminder's channel must still be where it was set. And no message is built over Discord's 2000.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertReminder } from '../../../src/modules/reminders/reminder-queries.ts';
import { insertSchedule } from '../../../src/modules/reminders/schedule-queries.ts';
import { startTestApp } from '../../support/app.ts';
import { startFakeWorld } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { createMovedClock } from '../../support/moved-clock.ts';

test('in one process with a gateway', async (t) => {
  const clock = createMovedClock();
  const world = await startFakeWorld();
  t.after(() => world.fake.close());
  const { fake, guild, channelId, admin, member } = world;
  const other = fake.addGuild({ name: 'Another Guild', channels: [{ name: 'their-news' }], members: [{ user: fake.createUser({ username: 'eve' }) }] });
  const theirChannel = other.channels[0]?.id ?? '';
  const app = await startTestApp(t, { bot: true, clock, env: { ...world.env, REMINDER_POLL_INTERVAL_MS: '100' } });
  const { request, db } = app;
  const soon = () => new Date(clock.now() + 60_000).toISOString();
  const scheduleOf = async (id: string) => (await request('GET', `/api/schedules/${id}`)).body;
  const failed = (id: string) =>
    eventually(async () => {
      const row = await scheduleOf(id);
      assert.equal(row.status, 'failed');
      return row;
    });
  const sentTo = (channel: string) => fake.sentMessages.filter((m) => m.channel_id === channel);

  await t.test("POST /api/schedules refuses another guild's channel, or one that does not exist, with a 422 naming channel_id", async () => {
    for (const channel of [theirChannel, '100000000000000999']) {
      const refused = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channel, content: 'hello', run_at: soon() });
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'CHANNEL_NOT_IN_GUILD');
      assert.deepEqual(refused.body.errors.map((e: { field: string }) => e.field), ['channel_id']);
    }
    assert.match((await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: theirChannel, content: 'x', run_at: soon() })).body.detail, /is not in guild/);
    assert.equal((await request('GET', `/api/schedules?guild_id=${guild.id}`)).body.items.length, 0);
  });

  await t.test("/schedule add refuses another guild's channel with a short reply, and stores nothing", async () => {
    const options = [{ type: 1, name: 'add', options: [{ type: 7, name: 'channel', value: theirChannel }, { type: 3, name: 'message', value: 'hi' }, { type: 3, name: 'at', value: soon() }] }];
    const sent = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'schedule', options } as never);
    const response = await fake.waitForInteractionReply(sent.id);
    assert.equal((response.body.data as { content: string }).content, `I can only post in this server's channels that I can see, and <#${theirChannel}> is not one of them.`);
    assert.equal((await request('GET', `/api/schedules?guild_id=${guild.id}`)).body.items.length, 0);
  });

  await t.test("a row that names another guild's channel (stored before this check) fails at send, with the reason", async () => {
    const row = await insertSchedule(db.sql, { guild_id: guild.id, channel_id: theirChannel, content: 'sneaky', cron: null, time_zone: 'UTC', due_at: new Date(clock.now()), created_by: null });
    const found = await failed(row.id);
    assert.equal(found.last_error, `channel ${theirChannel} is not in guild ${guild.id}`);
    assert.equal(found.attempts, 1, 'not retried');
    assert.equal(sentTo(theirChannel).length, 0);
  });

  await t.test('a channel deleted after saving fails at send, with the reason; the same guild still works', async () => {
    const doomed = fake.addChannel(guild.id, { name: 'doomed' });
    const kept = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'still here', run_at: soon() });
    // The CHANNEL_CREATE may still be on its way; until then REST answers.
    const gone = await eventually(async () => {
      const created = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: doomed.id, content: 'into the void', run_at: soon() });
      assert.equal(created.status, 201);
      return created;
    });
    assert.equal(kept.status, 201);
    fake.deleteChannel(doomed.id);
    clock.advance(61_000);
    await fake.waitForMessage((m) => m.channel_id === channelId && m.body.content === 'still here');
    const found = await failed(gone.body.id);
    assert.match(found.last_error, new RegExp(`^the bot cannot see channel ${doomed.id}: `));
    // The round records its sends after its failures, so the row may say "sent" a moment later.
    await eventually(async () => assert.equal((await scheduleOf(kept.body.id)).status, 'sent'));
  });

  await t.test("a reminder is sent only where it was set: another guild's channel fails, a DM and the same guild work", async () => {
    const remind = (guildId: string | null, channel: string, content: string) =>
      insertReminder(db.sql, { user_id: member.id, guild_id: guildId, channel_id: channel, source_message_id: null, content, due_at: new Date(clock.now()), cron: null, time_zone: 'UTC', deliver_by_dm: false }, 100);
    const stray = await remind(guild.id, theirChannel, 'stray');
    await remind(null, fake.dmChannelFor(member.id).id, 'in a DM');
    await remind(guild.id, channelId, 'at home');
    await fake.waitForMessage((m) => String(m.body.content).endsWith('in a DM'));
    await fake.waitForMessage((m) => m.channel_id === channelId && String(m.body.content).endsWith('at home'));
    const row = await eventually(async () => {
      const { body } = await request('GET', `/api/reminders?user_id=${member.id}&status=failed`);
      const found = body.items.find((r: { id: string }) => r.id === stray?.id);
      assert.ok(found);
      return found;
    });
    assert.equal(row.last_error, `channel ${theirChannel} is not in guild ${guild.id}`);
    assert.equal(sentTo(theirChannel).length, 0);
  });

  await t.test('a late scheduled message of 2000 characters is sent whole, within the limit', async () => {
    const content = 'x'.repeat(1_970);
    const full = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'y'.repeat(2_000), run_at: soon() });
    const almost = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content, run_at: soon() });
    assert.deepEqual([full.status, almost.status], [201, 201]);
    clock.advance(3 * 3_600_000);
    const sentFull = await fake.waitForMessage((m) => String(m.body.content).startsWith('yyyy'));
    assert.equal(sentFull.body.content, 'y'.repeat(2_000), 'the text whole: no room for the note');
    const sentAlmost = await fake.waitForMessage((m) => String(m.body.content).startsWith('xxxx'));
    assert.match(String(sentAlmost.body.content), /^x{1970}\n-# late by 2 h 59 min$/, 'the short note where the long one does not fit');
    await eventually(async () => {
      const row = await scheduleOf(full.body.id);
      assert.equal(row.status, 'sent');
      assert.ok(row.last_late_ms >= 3 * 3_600_000 - 120_000);
    });
  });
});

test('in an api-only process: the channel is checked with GET /channels/{id}', async (t) => {
  const world = await startFakeWorld();
  t.after(() => world.fake.close());
  const { fake, guild, channelId } = world;
  const other = fake.addGuild({ name: 'Another Guild', channels: [{ name: 'their-news' }] });
  const { request } = await startTestApp(t, { env: world.env });
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const refused = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: other.channels[0]?.id, content: 'hi', run_at: at });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.errors[0].field, 'channel_id');
  assert.equal((await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'hi', run_at: at })).status, 201);
  assert.deepEqual(
    fake.requests.filter((r) => r.path.startsWith('/channels/')).map((r) => `${r.method} ${r.path}`),
    [`GET /channels/${other.channels[0]?.id}`, `GET /channels/${channelId}`],
  );

  fake.failNext({ method: 'GET', path: `/channels/${guild.channels[0]?.id ?? ''}`, status: 500, count: 1 });
  const later = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'cached', run_at: at });
  assert.equal(later.status, 201, 'answered from the brief cache');
});

test('a process without DISCORD_TOKEN cannot check channels and says what to set', async (t) => {
  const { request } = await startTestApp(t);
  const response = await request('POST', '/api/schedules', { guild_id: '111111111111111111', channel_id: '222222222222222222', content: 'hi', run_at: new Date(Date.now() + 3_600_000).toISOString() });
  assert.equal(response.status, 503);
  assert.equal(response.body.code, 'CHANNEL_CHECK_UNAVAILABLE');
  assert.match(response.body.detail, /DISCORD_TOKEN/);
});
