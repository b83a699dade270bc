// Combined cooldowns (per user, channel and guild) hold across uses by different members and across
// a restart of the process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryCooldowns } from '../../src/module-kit/cooldowns/cooldowns.ts';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { createTestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { onTeardown } from '../support/teardown.ts';

test('a combined cooldown starts all its scopes or none, and answers with the longest wait', () => {
  let clock = 0;
  const store = memoryCooldowns(new Map(), () => clock);
  const user = (id: string) => ({ key: `user:${id}`, seconds: 10 });
  const channel = { key: 'channel:1', seconds: 30 };
  assert.equal(store.takeAll([user('a'), channel]), 0);
  assert.equal(store.takeAll([user('b'), channel]), 30, 'the channel is cooling down');
  clock = 30_000;
  assert.equal(store.takeAll([user('b'), channel]), 0, "b's own cooldown was not started by the refusal");
  assert.equal(store.takeAll([user('b')]), 10);
});

test('combined cooldowns in Discord survive a restart', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const db = await createTestDatabase(t);
  const { say, guild, admin, member } = world;
  const first = await startTestApp(t, { db, bot: true, env: world.env });
  await first.request('POST', '/api/commands', { guild_id: guild.id, name: 'daily', response: 'Here is your reward', cooldown_seconds: 600, guild_cooldown_seconds: 60 });
  await first.request('POST', '/api/commands', { guild_id: guild.id, name: 'topic', response: 'Topic!', channel_cooldown_seconds: 300 });

  assert.equal((await say('!daily', member)).content, 'Here is your reward');
  assert.equal((await say('!daily', admin)).content, 'Slow down: you can use `daily` again in 60 s.', 'the guild scope holds for everyone');
  assert.equal((await say('!topic', admin)).content, 'Topic!');
  assert.equal((await say('!topic', member)).content, 'Slow down: you can use `topic` again in 300 s.');

  await eventually(async () => {
    const rows = await db.sql`select key from cooldowns`;
    assert.equal(rows.length, 3, 'daily: the user and the guild; topic: the channel');
  });
  await first.app.stop();
  await startTestApp(t, { db, bot: true, env: world.env });

  assert.match((await say('!daily', member)).content, /^Slow down: you can use `daily` again in (59[0-9]|600) s\.$/, 'the user scope, 600 s, survived');
  assert.match((await say('!topic', admin)).content, /^Slow down: you can use `topic` again in (29[0-9]|300) s\.$/);
});
