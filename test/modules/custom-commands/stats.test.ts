// Per-command stats after a scripted series of uses, and the report of unused commands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';

test('stats after a scripted series of uses', async (t) => {
  const { request, say, guild, admin, member, db } = await startBotApp(t);
  const { body: add } = await request('POST', '/api/commands', { guild_id: guild.id, name: 'add', response: '= {1:number}' });
  const { body: idle } = await request('POST', '/api/commands', { guild_id: guild.id, name: 'idle', response: 'zzz' });
  const { body: fresh } = await request('POST', '/api/commands', { guild_id: guild.id, name: 'fresh', response: 'new' });

  await say('!add 1', member);
  await say('!add 2', member);
  await say('!add 3', member);
  await say('!add 4', admin);
  await say('!add four', admin);

  const stats = await eventually(async () => {
    const res = await request('GET', `/api/commands/${add.id}/stats`);
    assert.equal(res.body.uses, 5);
    return res.body;
  });
  assert.equal(stats.errors, 1);
  assert.equal(stats.error_rate, 0.2);
  assert.match(stats.last_used_at, /^\d{4}-/);
  assert.match(stats.last_error.error, /`four` is not a number/);
  assert.deepEqual(
    stats.top_users.map((u: { user_id: string; uses: number }) => [u.user_id, u.uses]),
    [
      [member.id, 3],
      [admin.id, 2],
    ],
  );
  assert.equal((await request('GET', `/api/commands/${idle.id}/stats`)).body.uses, 0);

  // Make the commands old enough to count as unused, and the uses of `add` recent.
  await db.sql`update custom_commands set created_at = now() - interval '40 days' where id in (${add.id}, ${idle.id})`;
  const unused = await request('GET', `/api/guilds/${guild.id}/commands/unused?days=30`);
  assert.deepEqual(unused.body.items.map((c: { name: string }) => c.name), ['idle'], `${fresh.name} is too new to judge`);
  assert.equal((await request('GET', `/api/guilds/${guild.id}/commands/unused?days=0`)).status, 400);
});
