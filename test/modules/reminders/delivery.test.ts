// How sends that fail are handled: 5xx and 429 are retried until the reminder is sent once;
// 403 and 404 cannot succeed and are recorded as failed, with the reason, in the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertReminder } from '../../../src/modules/reminders/reminder-queries.ts';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';

test('delivery failures', async (t) => {
  const world = await startBotApp(t, { env: { REMINDER_POLL_INTERVAL_MS: '100' } });
  const { fake, request, guild, channelId, member, db } = world;
  const remind = (content: string, channel = channelId) =>
    insertReminder(
      db.sql,
      { user_id: member.id, guild_id: guild.id, channel_id: channel, source_message_id: null, content, due_at: new Date(), cron: null, time_zone: 'UTC', deliver_by_dm: false },
      100,
    );
  const rowOf = async (id: string | undefined) => {
    const { body } = await request('GET', `/api/reminders?user_id=${member.id}`);
    return body.items.find((r: { id: string }) => r.id === id);
  };
  const sentWith = (text: string) => fake.sentMessages.filter((m) => String(m.body.content).includes(text));

  await t.test('5xx answers are retried with backoff until it is sent, once', async () => {
    fake.failNext({ method: 'POST', path: `/channels/${channelId}/messages`, status: 503, count: 5 });
    const reminder = await remind('after a bad gateway');
    await eventually(() => assert.equal(sentWith('after a bad gateway').length, 1), 15_000);
    const row = await eventually(async () => {
      const found = await rowOf(reminder?.id);
      assert.equal(found.status, 'sent');
      return found;
    });
    assert.equal(row.last_error, null);
    assert.equal(sentWith('after a bad gateway').length, 1);
  });

  await t.test('429 answers delay the send, never drop or double it', async () => {
    fake.failNext({ method: 'POST', path: `/channels/${channelId}/messages`, status: 429, retryAfter: 0.3, count: 2 });
    const reminder = await remind('after a rate limit');
    await eventually(async () => assert.equal((await rowOf(reminder?.id)).status, 'sent'), 10_000);
    assert.equal(sentWith('after a rate limit').length, 1);
  });

  await t.test('403 Missing Access marks it failed with the reason', async () => {
    const [hidden] = guild.channels.length > 1 ? guild.channels.slice(1) : [];
    const channel = hidden?.id ?? channelId;
    fake.forbiddenChannels.add(channel);
    const reminder = await remind('into a locked room', channel);
    const row = await eventually(async () => {
      const found = await rowOf(reminder?.id);
      assert.equal(found.status, 'failed');
      return found;
    });
    assert.equal(row.last_error, `the bot cannot see channel ${channel}: 403 Missing Access (50001)`);
    assert.equal(row.attempts, 1, 'not retried');
    fake.forbiddenChannels.delete(channel);
  });

  await t.test('404 Unknown Channel marks it failed with the reason', async () => {
    const reminder = await remind('into the void', '100000000000000999');
    const row = await eventually(async () => {
      const found = await rowOf(reminder?.id);
      assert.equal(found.status, 'failed');
      return found;
    });
    assert.match(row.last_error, /^the bot cannot see channel 100000000000000999: 404 Unknown Channel \(10003\)$/);
    const { body } = await request('GET', `/api/reminders?status=failed&guild_id=${guild.id}`);
    assert.equal(body.items.length, 2);
  });
});
