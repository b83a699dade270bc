// Aliases, pools and typed arguments end to end against the fake Discord.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../../support/bot.ts';

test('responses in Discord', async (t) => {
  const { request, say, guild, admin } = await startBotApp(t);

  await t.test('an alias follows edits and renames of its command', async () => {
    const { body } = await request('POST', '/api/commands', { guild_id: guild.id, name: 'hello', response: 'Hi', aliases: ['hey'] });
    await request('PATCH', `/api/commands/${body.id}`, { response: 'Hi again', name: 'greet' });
    assert.equal((await say('!hey')).content, 'Hi again');
    assert.equal((await say('!custom hey')).content, 'Hi again');
  });

  await t.test('a pool answers with each of its responses', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'coin', response: 'heads', responses: ['tails', 'edge'] });
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 3; i++) seen.add((await say('!coin')).content);
    assert.deepEqual([...seen].sort(), ['edge', 'heads', 'tails']);
  });

  await t.test('a typed user renders as a display name without a ping; a wrong one gets the usage', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'hug', response: '{user} hugs {1:user} {2:number} times' });
    const good = await say(`!hug <@${admin.id}> 3`);
    assert.equal(good.content, 'Bob hugs Ada 3 times');
    assert.deepEqual(good.body.allowed_mentions, { parse: [], users: [], replied_user: false });
    assert.equal((await say('!hug ada 3')).content, '`ada` is not a user (1: a user). Usage: `!hug <user> <number>`');
    assert.equal((await say(`!hug <@${admin.id}> lots`)).content, '`lots` is not a number (2: a number). Usage: `!hug <user> <number>`');
  });

  await t.test('{1:user.mention} pings that user alone', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'poke', response: 'Hey {1:user.mention}!' });
    const reply = await say(`!poke <@${admin.id}>`);
    assert.equal(reply.content, `Hey <@${admin.id}>!`);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], users: [admin.id], replied_user: false });
  });

  await t.test('a pool is versioned and validated like a response', async () => {
    const bad = await request('POST', '/api/commands', { guild_id: guild.id, name: 'bad', response: 'x', responses: ['{1:colour}'] });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'responses.0');
  });
});
