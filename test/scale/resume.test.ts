// With Redis, a shard's gateway session outlives its process: a restarted process RESUMEs (no new
// IDENTIFY, no session start spent) and answers what was said while it was down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { createTestDatabase } from '../support/db.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../support/redis.ts';
import { onTeardown } from '../support/teardown.ts';

test('a restarted process resumes its session and answers a message sent while it was down', { skip: REDIS_MISSING, timeout: 60_000 }, async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const db = await createTestDatabase(t);
  const env = { ...world.env, REDIS_URL, REDIS_KEY_PREFIX: isolatedPrefix(t) };
  const first = await startTestApp(t, { db, bot: true, env });
  assert.match((await world.say('!ping')).content, /pong/i);
  assert.equal(world.fake.identifyCount, 1);
  await first.app.stop();

  const whileDown = world.fake.sendMessage({ channel_id: world.channelId, author: world.member, content: '!ping' });
  const resumed = world.fake.waitFor('resume', { timeout: 20_000 });
  const answered = world.fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === whileDown.id, { timeout: 20_000 });
  await startTestApp(t, { db, bot: true, env });
  const resume = await resumed;
  assert.ok(resume.replayed >= 1, `replayed ${resume.replayed} events`);
  assert.match(String((await answered).body.content), /pong/i);
  assert.equal(world.fake.identifyCount, 1, 'no new IDENTIFY');
  // Answered once: the resume replayed from the last sequence the first process saw, not before.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const replies = world.fake.sentMessages.filter((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === whileDown.id);
  assert.equal(replies.length, 1);
});

test('without Redis a restarted process identifies again (the session died with it)', { timeout: 60_000 }, async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const db = await createTestDatabase(t);
  const first = await startTestApp(t, { db, bot: true, env: world.env });
  await world.say('!ping');
  await first.app.stop();
  const identified = world.fake.waitFor('identify', { timeout: 20_000 });
  await startTestApp(t, { db, bot: true, env: world.env });
  await identified;
  assert.equal(world.fake.identifyCount, 2);
  assert.equal(world.fake.resumeCount, 0);
});
