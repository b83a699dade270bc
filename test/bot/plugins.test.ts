// Plugins from PLUGINS_DIR: the example loads and answers; bad or clashing plugins are refused.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { ApplicationCommandOptionType, ComponentType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { collectModules } from '../../src/module-kit/registry.ts';
import { BUILT_IN_MODULES } from '../../src/modules/index.ts';
import { createLogger } from '../../src/platform/log.ts';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';

const EXAMPLES = join(import.meta.dirname, '../fixtures/plugins');

test('the example plugin loads and answers as /roll and !roll, with its cooldown', async (t) => {
  const { say, fake, channelId, guild, member, admin } = await startBotApp(t, { env: { PLUGINS_DIR: EXAMPLES } });
  const commands = (fake.commandOverwrites[0]?.commands ?? []) as { name: string }[];
  assert.ok(commands.some((c) => c.name === 'roll'), 'registered as a slash command');
  const interaction = fake.sendInteraction({
    channel_id: channelId,
    guild_id: guild.id,
    user: member,
    name: 'roll',
    options: [{ type: 3, name: 'dice', value: '1d20' }],
  } as never);
  const response = await fake.waitForInteractionReply(interaction.id);
  assert.match(String((response.body.data as { content: string }).content), /^Bob rolled 1d20: \d+ = /);
  assert.match((await say('!roll 2d6', admin)).content, /^Ada rolled 2d6: \d \+ \d = \*\*\d+\*\*$/);
  assert.match((await say('!roll 1d6', admin)).content, /^Slow down/, 'the plugin cooldown holds');
});

test("a plugin's dynamic commands answer names no command has, are offered when mistyped, and say they are off when it is", async (t) => {
  const { say, request, fake, channelId, guild, member, admin } = await startBotApp(t, { env: { PLUGINS_DIR: EXAMPLES } });
  assert.equal((await say('!tag rules Be kind.', admin)).content, 'Saved: !rules');
  assert.equal((await say('!rules')).content, 'Be kind.');
  assert.equal((await say('!rulse')).content, 'No command named `rulse`. Did you mean `!rules`?');
  const logs = await eventually(async () => {
    const { body } = await request('GET', `/api/logs?guild_id=${guild.id}&limit=50`);
    assert.ok(body.items.some((row: { command: string }) => row.command === 'rulse'), 'the mistyped use is logged');
    return body.items as { command: string; status: string; source: string }[];
  });
  assert.deepEqual(
    logs.filter((row) => row.command === 'rules' || row.command === 'rulse').map((row) => [row.command, row.source, row.status]).sort(),
    [
      ['rules', 'prefix', 'ok'],
      ['rulse', 'prefix', 'not_found'],
    ],
  );
  await eventually(() => {
    const registered = (fake.commandOverwrites.filter((o) => o.guild_id === guild.id).at(-1)?.commands ?? []) as { name: string }[];
    assert.ok(registered.some((c) => c.name === 'rules'), 'the tag is registered in its guild');
  });
  assert.equal((await request('PATCH', `/api/guilds/${guild.id}/modules/tags`, { version: 0, enabled: false })).status, 200);
  await eventually(async () => assert.equal((await say('!rules')).content, '`!rules` is part of the tags module, which is turned off in this server.'));
  // Its slash form stays registered with Discord while it is off: it answers the same, not "no command named".
  const slash = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: member, name: 'rules' });
  const answer = (await fake.waitForInteractionReply(slash.id)).body.data as { content: string; flags?: number };
  assert.equal(answer.content, '`/rules` is part of the tags module, which is turned off in this server.');
  assert.equal(answer.flags, MessageFlags.Ephemeral, 'only the user sees it');
  assert.equal((await say('!nosuch')).content, 'No command named `nosuch`. Try `!help`.', 'a name no module has is still unknown');
});

test("!help lists the dynamic commands of the modules on in the server: a plugin's tags, no custom commands where that module is off", async (t) => {
  const { say, request, guild, admin } = await startBotApp(t, { env: { PLUGINS_DIR: EXAMPLES } });
  assert.equal((await say('!tag rules Be kind.', admin)).content, 'Saved: !rules');
  assert.equal((await request('POST', '/api/commands', { guild_id: guild.id, name: 'hello', response: 'Hi', description: 'Greets you', aliases: ['hi'] })).status, 201);
  const before = (await say('!help')).content;
  assert.match(before, /^\*\*tags\*\*\n`!rules`$/m);
  assert.match(before, /^\*\*custom-commands\*\*\n`!hello` Greets you$/m, 'a custom command once, with its description (not its aliases)');
  assert.equal((await request('PATCH', `/api/guilds/${guild.id}/modules/custom-commands`, { version: 0, enabled: false })).status, 200);
  // Asked by another member (help has a cooldown), long enough for its cooldown to pass if asked too soon.
  await eventually(async () => {
    const after = (await say('!help', admin)).content;
    assert.ok(!after.includes('!hello') && !after.includes('**custom-commands**'), 'no custom commands where that module is off');
    assert.match(after, /^`!rules`$/m, "the tags plugin's tag is still listed");
  }, 10_000);
});

test("a plugin command's autocomplete offers its choices as the option is typed", async (t) => {
  const { say, fake, channelId, guild, member, admin } = await startBotApp(t, { env: { PLUGINS_DIR: EXAMPLES } });
  for (const name of ['rules', 'roles', 'faq']) await say(`!tag ${name} text`, admin);
  const interaction = fake.sendInteraction({
    type: InteractionType.ApplicationCommandAutocomplete,
    channel_id: channelId,
    guild_id: guild.id,
    user: member,
    name: 'tag',
    options: [{ type: ApplicationCommandOptionType.String, name: 'name', value: 'r', focused: true }],
  });
  const response = await fake.waitForInteractionReply(interaction.id);
  assert.equal(response.body.type, 8);
  assert.deepEqual((response.body.data as { choices: unknown[] }).choices, [
    { name: 'roles', value: 'roles' },
    { name: 'rules', value: 'rules' },
  ]);
});

test("a plugin's application commands are registered in the guild, and its dynamic command answers as a slash command and as its button", async (t) => {
  const { say, request, fake, guild, channelId, member, admin } = await startBotApp(t, { env: { PLUGINS_DIR: EXAMPLES, SLASH_SYNC_DELAY_MS: '100' } });
  const saved = await say('!tag rules Be kind.', admin);
  assert.deepEqual(saved.body.components, [{ type: 1, components: [{ type: 2, style: 2, label: 'rules', custom_id: 'tags:rules' }] }]);
  const message = fake.sentMessages.at(-1)?.message;
  assert.ok(message, 'the reply with the button was sent');
  await eventually(() => {
    const registered = (fake.commandOverwrites.filter((o) => o.guild_id === guild.id).at(-1)?.commands ?? []) as { name: string; description: string }[];
    assert.deepEqual(registered.map((c) => [c.name, c.description]), [['rules', 'The rules tag']], 'the tag is registered in its guild');
  });
  const slash = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: member, name: 'rules' });
  assert.equal(((await fake.waitForInteractionReply(slash.id)).body.data as { content: string }).content, 'Be kind.');
  const pressed = fake.sendInteraction({ type: InteractionType.MessageComponent, channel_id: channelId, guild_id: guild.id, user: member, custom_id: 'tags:rules', message_id: message.id, component_type: ComponentType.Button });
  const answer = (await fake.waitForInteractionReply(pressed.id)).body.data as { content: string; flags?: number };
  assert.equal(answer.content, 'Be kind.');
  assert.equal(answer.flags, MessageFlags.Ephemeral, 'a button answers the presser alone');
  await eventually(async () => {
    const { body } = await request('GET', `/api/logs?guild_id=${guild.id}&limit=50`);
    const sources = (body.items as { command: string; source: string }[]).filter((row) => row.command === 'rules').map((row) => row.source);
    assert.deepEqual(sources.sort(), ['button', 'slash'], 'each use is logged with its source');
  });
});

test('invalid and clashing plugins are refused with a clear line, the rest still load', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-plugins-'));
  await writeFile(join(dir, 'a-clash.mjs'), "export default { name: 'ping', description: 'mine', run() {} };\n");
  await writeFile(join(dir, 'b-bad.mjs'), "export default { name: 'Bad Name', description: '' };\n");
  await writeFile(join(dir, 'c-broken.mjs'), 'export default {{;\n');
  await writeFile(join(dir, 'd-good.mjs'), "export const commands = [{ name: 'hi', description: 'Say hi', run: (ctx) => ctx.reply('hi') }];\n");
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { modules } = await collectModules(BUILT_IN_MODULES, dir, createLogger('info', sink));
  const plugins = modules.filter((m) => m.source === 'plugin');
  assert.deepEqual(
    plugins.map((m) => [m.name, m.definition.commands?.map((c) => c.name)]),
    [['d-good', ['hi']]],
  );
  const errors = lines.map((line) => JSON.parse(line)).filter((line) => line.level === 50);
  assert.deepEqual(
    errors.map((e) => [e.plugin, e.msg]),
    [
      ['a-clash.mjs', 'plugin refused: command "ping" clashes with a command already loaded'],
      ['b-bad.mjs', 'plugin refused: name: must be 1-32 of a-z, 0-9 and -, starting with a letter; description: must not be empty'],
      ['c-broken.mjs', 'plugin refused: it failed to load'],
    ],
  );
});
