// `bin/app bot` (or `worker`) with DATABASE_URL and no API_URL: it reads commands from and writes its
// logs to the database itself, as in all mode, and an API edit reaches it by NOTIFY.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';
import { onTeardown } from '../support/teardown.ts';

test('a bot given the database and no API answers from it and logs into it', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { say, guild } = world;
  const api = await startTestApp(t);
  // Its cache lives 60 s, so within eventually()'s few seconds only the change notification can bring the edit.
  await startTestApp(t, { api: false, bot: true, db: api.db, env: world.env });

  const { body } = await api.request('POST', '/api/commands', { guild_id: guild.id, name: 'hello', response: 'Hello {user}' });
  await eventually(async () => assert.equal((await say('!hello')).content, 'Hello Bob'));
  await api.request('PATCH', `/api/commands/${body.id}`, { response: 'Edited' });
  await eventually(async () => assert.equal((await say('!hello')).content, 'Edited'));

  await eventually(async () => {
    const rows = await api.db.sql`select status from command_logs where guild_id = ${guild.id} and command = 'hello'`;
    assert.ok(rows.length >= 2, `${rows.length} log rows`);
  });
});
