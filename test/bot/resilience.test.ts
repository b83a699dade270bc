// Discord's bad days: reconnect requests, dropped sockets, invalid sessions, rate limits, 5xx,
// and a token Discord refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';

test('the bot rides out gateway and REST trouble', async (t) => {
  const { fake, say, channelId, member } = await startBotApp(t);

  await t.test('after op 7 it resumes, and a message sent meanwhile is still answered', async () => {
    const resumed = fake.waitFor('resume', { timeout: 10_000 });
    fake.requestReconnect();
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: '!ping' });
    await resumed;
    const reply = await fake.waitForMessage((m) => (m.body.message_reference as { message_id: string }).message_id === message.id);
    assert.match(String(reply.body.content), /^Pong!/);
  });

  await t.test('after a dropped socket it resumes and answers what was missed', async () => {
    const resumes = fake.resumeCount;
    const resumed = fake.waitFor('resume', { timeout: 10_000 });
    fake.dropConnection();
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: '!ping' });
    await resumed;
    assert.equal(fake.resumeCount, resumes + 1);
    await fake.waitForMessage((m) => (m.body.message_reference as { message_id: string }).message_id === message.id);
  });

  await t.test('after op 9 (not resumable) it identifies again and keeps answering', async () => {
    const identifies = fake.identifyCount;
    const identified = fake.waitFor('identify', { timeout: 15_000 });
    fake.invalidateSession(0, false);
    await identified;
    assert.equal(fake.identifyCount, identifies + 1);
    assert.match((await say('!ping')).content, /^Pong!/);
  });

  await t.test('a 429 delays the reply but neither loses nor doubles it', async () => {
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 1 });
    const before = fake.sentMessages.length;
    const started = Date.now();
    assert.match((await say('!ping')).content, /^Pong!/);
    assert.ok(Date.now() - started >= 900, 'the reply waited for the rate limit');
    assert.equal(fake.sentMessages.length, before + 1);
    assert.ok(fake.requests.some((r) => r.status === 429));
  });

  await t.test('a 502 is retried and the reply arrives once', async () => {
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 502 });
    const before = fake.sentMessages.length;
    assert.match((await say('!ping')).content, /^Pong!/);
    assert.equal(fake.sentMessages.length, before + 1);
  });
});

test('a gateway close Discord calls fatal ends the bot with a clear reason', async (t) => {
  const errors: Error[] = [];
  const { fake } = await startBotApp(t, { onFatal: (error) => errors.push(error) });
  fake.closeWith(4004);
  await eventually(() => assert.equal(errors.length, 1));
  assert.equal(errors[0]?.message, 'Discord closed the gateway with 4004: authentication failed (check DISCORD_TOKEN)');
});
