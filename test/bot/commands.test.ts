// The bot end to end in `all` mode: the real gateway and REST libraries against the fake Discord.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILT_IN_MODULES } from '../../src/modules/index.ts';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';

const BUILT_IN_COMMANDS = BUILT_IN_MODULES.flatMap((module) => module.commands ?? []);

test('the bot in one process', async (t) => {
  const world = await startBotApp(t);
  const { fake, say, request, guild, channelId, admin, member, robot } = world;

  await t.test('registers its slash commands with one bulk overwrite', () => {
    assert.equal(fake.commandOverwrites.length, 1);
    const commands = (fake.commandOverwrites[0]?.commands ?? []) as { name: string; default_member_permissions?: string }[];
    assert.deepEqual(commands.map((c) => c.name).sort(), BUILT_IN_COMMANDS.map((c) => c.name).sort());
    assert.equal(commands.find((c) => c.name === 'command')?.default_member_permissions, '32');
  });

  await t.test('!ping answers Pong with the gateway latency and pings nobody', async () => {
    const reply = await say('!ping');
    assert.match(reply.content, /^Pong!/);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], users: [], replied_user: false });
  });

  await t.test('/ping answers through the interaction', async () => {
    const interaction = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: member, name: 'ping' });
    const response = await fake.waitForInteractionReply(interaction.id);
    assert.equal(response.type, 4);
    assert.match(String((response.body.data as { content: string }).content), /^Pong!/);
  });

  await t.test('a command created through the API answers as !custom and as !name', async () => {
    const created = await request('POST', '/api/commands', { guild_id: guild.id, name: 'hello', response: 'Hi {user}, you said {args}' });
    assert.equal(created.status, 201);
    assert.equal((await say('!custom hello there')).content, 'Hi Bob, you said there');
    assert.equal((await say('!hello again')).content, 'Hi Bob, you said again');
  });

  await t.test("!help lists the server's custom commands after the built-ins, under their module, from the module's store", async () => {
    const { content } = await say('!help');
    assert.match(content, /^`!ping` /m);
    assert.match(content, /^\*\*custom-commands\*\*\n`!hello`$/m);
  });

  await t.test('edits and deletes through the API take effect at once', async () => {
    const { body: list } = await request('GET', `/api/commands?guild_id=${guild.id}`);
    const id = list.items.find((c: { name: string }) => c.name === 'hello').id;
    await request('PATCH', `/api/commands/${id}`, { response: 'Changed!' });
    assert.equal((await say('!hello')).content, 'Changed!');
    await request('PATCH', `/api/commands/${id}`, { enabled: false });
    assert.match((await say('!hello')).content, /turned off/);
    await request('DELETE', `/api/commands/${id}`);
    assert.match((await say('!hello')).content, /No command named `hello`/);
  });

  await t.test('an unknown name is named with the closest command suggested', async () => {
    assert.equal((await say('!pnig')).content, 'No command named `pnig`. Did you mean `!ping`?');
    assert.equal((await say('!zzzzzz')).content, 'No command named `zzzzzz`. Try `!help`.');
  });

  await t.test('@everyone in a response does not ping; {user.mention} pings only the invoker', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'shout', response: '@everyone @here <@&900000000000000001> look, {user.mention}' });
    const reply = await say('!shout');
    assert.equal(reply.content, `@everyone @here <@&900000000000000001> look, <@${member.id}>`);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], users: [member.id], replied_user: false });
  });

  await t.test('cooldowns hold per user', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'slow', response: 'ok', cooldown_seconds: 60 });
    assert.equal((await say('!slow')).content, 'ok');
    assert.match((await say('!slow')).content, /^Slow down: you can use `slow` again in \d+ s\.$/);
    assert.equal((await say('!slow', admin)).content, 'ok');
  });

  await t.test('/command add needs Manage Server and creates a command', async () => {
    const options = [
      {
        type: 1,
        name: 'add',
        options: [
          { type: 3, name: 'name', value: 'rules' },
          { type: 3, name: 'response', value: 'Be kind.' },
        ],
      },
    ];
    const denied = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: member, name: 'command', options } as never);
    const deniedResponse = await fake.waitForInteractionReply(denied.id);
    assert.match(String((deniedResponse.body.data as { content: string }).content), /Manage Server/);
    assert.equal((deniedResponse.body.data as { flags?: number }).flags, 64, 'ephemeral');

    const allowed = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'command', options } as never);
    const response = await fake.waitForInteractionReply(allowed.id);
    assert.equal((response.body.data as { content: string }).content, 'Added `!rules`.');
    assert.equal((await say('!rules')).content, 'Be kind.');
    const { body } = await request('GET', `/api/commands?guild_id=${guild.id}&q=rules`);
    assert.equal(body.items[0].created_by, admin.id);
  });

  await t.test('the bot ignores other bots and itself', async () => {
    fake.sendMessage({ channel_id: channelId, author: robot, content: '!ping' });
    const before = fake.sentMessages.length;
    await say('!ping');
    assert.equal(fake.sentMessages.length, before + 1, 'only the human got an answer');
  });

  await t.test('every use is logged with the right fields', async () => {
    const logs = await eventually(async () => {
      const { body } = await request('GET', `/api/logs?guild_id=${guild.id}&limit=200`);
      assert.ok(body.items.some((row: { command: string }) => row.command === 'rules'));
      return body.items as Record<string, unknown>[];
    });
    const pnig = logs.find((row) => row.command === 'pnig');
    assert.equal(pnig?.status, 'not_found');
    assert.equal(pnig?.source, 'prefix');
    assert.equal(pnig?.user_id, member.id);
    assert.equal(pnig?.user_name, 'bob');
    assert.equal(pnig?.channel_id, channelId);
    assert.match(String(pnig?.event_id), /^\d+$/);
    const slash = logs.find((row) => row.source === 'slash' && row.command === 'ping');
    assert.equal(slash?.status, 'ok');
    assert.ok(logs.some((row) => row.command === 'slow' && row.status === 'cooldown'));
    assert.ok(logs.some((row) => row.command === 'hello' && row.status === 'denied'));
    assert.ok(logs.some((row) => row.command === 'command' && row.status === 'denied'));
    const shout = logs.find((row) => row.command === 'shout');
    assert.ok((shout?.metadata as { custom_command_id?: string } | undefined)?.custom_command_id);
    const { body: commands } = await request('GET', `/api/commands?guild_id=${guild.id}&q=shout`);
    assert.equal(commands.items[0].use_count, 1);
  });
});
