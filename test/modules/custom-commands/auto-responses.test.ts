// Auto-responses end to end against the fake Discord: each trigger type, bots ignored, a cooldown,
// and a catastrophic-backtracking pattern that must not stall the bot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';

const referenceOf = (body: Record<string, unknown>) => (body.message_reference as { message_id?: string } | undefined)?.message_id;

test('auto-responses in a guild channel', async (t) => {
  const { request, say, fake, guild, channelId, robot, member } = await startBotApp(t);
  const add = async (name: string, trigger: Record<string, unknown>, response = `${name} answer`) => {
    const res = await request('POST', '/api/commands', { guild_id: guild.id, name, response, trigger });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  await add('hi', { type: 'exact', pattern: 'hi bot' }, 'Hello {user}!');
  await add('howto', { type: 'starts_with', pattern: 'how do i' });
  await add('rules', { type: 'contains', pattern: 'RULES', case_sensitive: true });
  await add('ticket', { type: 'regex', pattern: 'ticket #?\\d+' });
  await add('evil', { type: 'regex', pattern: '(a+)+b' });

  await t.test('each trigger type answers, case-insensitively unless asked', async () => {
    assert.equal((await say('Hi Bot')).content, 'Hello Bob!');
    assert.equal((await say('How do I join?')).content, 'howto answer');
    assert.equal((await say('read the RULES')).content, 'rules answer');
    assert.equal((await say('see TICKET 12')).content, 'ticket answer');
  });

  await t.test('an auto-response is logged under its command, marked as one', async () => {
    const hi = await eventually(async () => {
      const { body } = await request('GET', `/api/logs?guild_id=${guild.id}&limit=50`);
      const row = (body.items as { command: string; args: string; status: string; metadata: Record<string, unknown> }[]).find((r) => r.command === 'hi');
      assert.ok(row, 'the log row of the message that set off hi');
      return row;
    });
    assert.equal(hi.status, 'ok');
    assert.equal(hi.args, 'Hi Bot');
    assert.equal(hi.metadata.auto_response, true);
    assert.match(String(hi.metadata.custom_command_id), /^\d+$/);
  });

  await t.test('a case-sensitive trigger ignores other cases; a command still runs by name', async () => {
    fake.sendMessage({ channel_id: channelId, author: member, content: 'read the rules' });
    assert.equal((await say('!rules')).content, 'rules answer');
    assert.equal(fake.sentMessages.filter((m) => m.body.content === 'rules answer').length, 2, 'one from RULES, one from !rules');
  });

  await t.test('the same auto-response again within its cooldown stays silent', async () => {
    await add('wave', { type: 'exact', pattern: 'wave' }, 'o/');
    assert.equal((await say('wave')).content, 'o/');
    const again = fake.sendMessage({ channel_id: channelId, author: member, content: 'wave' });
    await say('!ping');
    assert.equal(fake.sentMessages.filter((m) => referenceOf(m.body) === again.id).length, 0);
  });

  await t.test('bots never set off an auto-response', async () => {
    const fromRobot = fake.sendMessage({ channel_id: channelId, author: robot, content: 'ticket 99' });
    await say('!ping');
    assert.equal(fake.sentMessages.filter((m) => referenceOf(m.body) === fromRobot.id).length, 0);
  });

  await t.test('a catastrophic-backtracking pattern does not stall the bot', async () => {
    const started = performance.now();
    fake.sendMessage({ channel_id: channelId, author: member, content: 'a'.repeat(1_999) });
    assert.match((await say('!ping')).content, /^Pong/);
    assert.ok(performance.now() - started < 3_000);
  });

  await t.test('an invalid regex is refused when saved', async () => {
    const res = await request('POST', '/api/commands', { guild_id: guild.id, name: 'bad', response: 'x', trigger: { type: 'regex', pattern: '(a)\\1' } });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].field, 'trigger.pattern');
    assert.match(res.body.errors[0].message, /RE2/);
  });

  await t.test('a trigger changed through the API applies at once, and removing it silences the command', async () => {
    const { id } = await add('quiet', { type: 'exact', pattern: 'psst' });
    await say('!ping');
    fake.sendMessage({ channel_id: channelId, author: member, content: 'loads the cached list' });
    await request('PATCH', `/api/commands/${id}`, { trigger: null });
    const silent = fake.sendMessage({ channel_id: channelId, author: member, content: 'psst' });
    await say('!ping');
    assert.equal(fake.sentMessages.filter((m) => referenceOf(m.body) === silent.id).length, 0);
    await request('PATCH', `/api/commands/${id}`, { trigger: { type: 'exact', pattern: 'psst!' } });
    assert.equal((await say('psst!')).content, 'quiet answer');
  });
});
