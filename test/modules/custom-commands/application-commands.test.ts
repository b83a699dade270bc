// Custom commands as Discord application commands: their own slash commands (registered per guild,
// debounced, skipped when unchanged, retried, taken away where the module is off), `/custom name:`
// autocomplete, context menus.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { BUILT_IN_NAMES } from '../../../src/features/settings/built-in-names.ts';
import { BUILT_IN_MODULES } from '../../../src/modules/index.ts';
import { startTestApp } from '../../support/app.ts';
import { startBotApp, startFakeWorld } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { onTeardown } from '../../support/teardown.ts';

const BUILT_IN_COMMANDS = BUILT_IN_MODULES.flatMap((module) => module.commands ?? []);

// Long enough that 50 sequential edits on a loaded test machine are one burst.
const DELAY_MS = 1_500;

test('the built-in names a slash custom command may not take are the built-ins', () => {
  assert.deepEqual([...BUILT_IN_NAMES].sort(), BUILT_IN_COMMANDS.map((c) => c.name).sort());
});

test('custom commands as application commands', async (t) => {
  const { request, fake, guild, channelId, admin, member } = await startBotApp(t, { env: { SLASH_SYNC_DELAY_MS: String(DELAY_MS) } });
  const guildPuts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${guild.id}/commands`);
  const registered = () => (fake.commandOverwrites.filter((o) => o.guild_id === guild.id).at(-1)?.commands ?? []) as Record<string, unknown>[];

  await t.test('a slash: true command is registered in its guild with options from its template, and answers', async () => {
    const created = await request('POST', '/api/commands', {
      guild_id: guild.id,
      name: 'hug',
      description: 'Hug someone',
      response: '{user} hugs {1:user} {2:number} times in {3:channel}; {args}',
      slash: true,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await eventually(() => assert.equal(guildPuts().length, 1));
    assert.deepEqual(registered(), [
      {
        type: 1,
        name: 'hug',
        description: 'Hug someone',
        options: [
          { type: 6, name: 'user1', description: 'Argument 1 (a user)', required: true },
          { type: 10, name: 'number2', description: 'Argument 2 (a number)', required: true },
          { type: 7, name: 'channel3', description: 'Argument 3 (a channel)', required: true },
          { type: 3, name: 'rest', description: 'More words, for {args}', required: false },
        ],
      },
    ]);
    const interaction = fake.sendInteraction({
      channel_id: channelId,
      user: member,
      name: 'hug',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'user1', value: admin.id },
        { type: ApplicationCommandOptionType.Number, name: 'number2', value: 3 },
        { type: ApplicationCommandOptionType.Channel, name: 'channel3', value: channelId },
        { type: ApplicationCommandOptionType.String, name: 'rest', value: 'so "very much"' },
      ],
    });
    const response = await fake.waitForInteractionReply(interaction.id);
    assert.equal((response.body.data as { content: string }).content, `Bob hugs Ada 3 times in <#${channelId}>; <@${admin.id}> 3 <#${channelId}> so very much`);
    await eventually(async () => {
      const logs = await request('GET', `/api/logs?guild_id=${guild.id}&command=hug`);
      assert.equal(logs.body.items[0]?.source, 'slash');
    });
  });

  await t.test('50 quick edits cause one registration; an edit Discord would not see causes none', async () => {
    const before = guildPuts().length;
    const { body: command } = await request('POST', '/api/commands', { guild_id: guild.id, name: 'burst', response: 'hi', slash: true });
    for (let i = 0; i < 50; i++) await request('PATCH', `/api/commands/${command.id}`, { description: `edit ${i}` });
    await eventually(() => assert.equal(guildPuts().length, before + 1), 10_000);
    await sleep(DELAY_MS * 2);
    assert.equal(guildPuts().length, before + 1);
    assert.equal(registered().find((c) => c.name === 'burst')?.description, 'edit 49');
    const gets = () => fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/guilds/${guild.id}/commands`)).length;
    const getsBefore = gets();
    await request('PATCH', `/api/commands/${command.id}`, { response: 'hello' });
    await sleep(DELAY_MS * 2);
    assert.equal(guildPuts().length, before + 1, 'the same list is not overwritten');
    assert.equal(gets(), getsBefore, 'nor asked for: it is the list last registered');
  });

  await t.test('a global slash command is registered globally, with the built-ins', async () => {
    await request('POST', '/api/commands', { name: 'everywhere', response: 'hi {1}', slash: true });
    await eventually(() => {
      const global = (fake.commandOverwrites.filter((o) => o.guild_id === null).at(-1)?.commands ?? []) as { name: string }[];
      assert.deepEqual(global.map((c) => c.name).sort(), [...BUILT_IN_NAMES, 'everywhere'].sort());
    });
    const used = fake.sendInteraction({ channel_id: channelId, user: member, name: 'everywhere', options: [{ type: ApplicationCommandOptionType.String, name: 'text1', value: 'there' }] });
    const reply = await fake.waitForInteractionReply(used.id);
    assert.equal((reply.body.data as { content: string }).content, 'hi there');
  });

  await t.test('a failed registration is retried', async () => {
    const before = guildPuts().length;
    fake.failNext({ method: 'PUT', path: `/applications/${fake.applicationId}/guilds/${guild.id}/commands`, status: 500, count: 1 });
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'retry', response: 'hi', slash: true });
    // @discordjs/rest retries a 500 itself; either way the list lands.
    await eventually(() => assert.ok(registered().some((c) => c.name === 'retry'), 'retry is registered'), 30_000);
    assert.ok(guildPuts().length >= before + 2);
  });

  await t.test('a slash command may not take a built-in name; the guild limit is 100', async () => {
    const clash = await request('POST', '/api/commands', { guild_id: guild.id, name: 'ping', response: 'x', slash: true });
    assert.equal(clash.status, 422);
    assert.equal(clash.body.errors[0].field, 'slash');
    // A prefix-only command of that name is still fine (!ping stays the built-in).
    const { body: plain } = await request('POST', '/api/commands', { guild_id: guild.id, name: 'helpme', response: 'x' });
    const renamed = await request('PATCH', `/api/commands/${plain.id}`, { name: 'help', slash: true });
    assert.equal(renamed.status, 422);
    const existing = (await request('GET', `/api/commands?guild_id=${guild.id}&limit=200`)).body.items.filter((c: { slash: boolean }) => c.slash).length;
    const results = await Promise.all(
      Array.from({ length: 100 - existing + 5 }, (_, i) => request('POST', '/api/commands', { guild_id: guild.id, name: `many${i}`, response: 'x', slash: true })),
    );
    assert.equal(results.filter((r) => r.status === 201).length, 100 - existing);
    const refused = results.filter((r) => r.status === 422);
    assert.equal(refused.length, 5);
    assert.equal(refused[0]?.body.code, 'SLASH_COMMAND_LIMIT');
    await eventually(() => assert.equal(registered().filter((c) => (c.type ?? 1) === 1).length, 100), 10_000);
  });

  await t.test('/custom name: autocompletes from the guild commands', async () => {
    const interaction = fake.sendInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      channel_id: channelId,
      user: member,
      name: 'custom',
      options: [{ type: ApplicationCommandOptionType.String, name: 'name', value: 'hg', focused: true }],
    });
    const response = await fake.waitForInteractionReply(interaction.id);
    assert.equal(response.body.type, 8);
    const choices = (response.body.data as { choices: { name: string; value: string }[] }).choices;
    assert.deepEqual(choices[0], { name: 'hug — Hug someone', value: 'hug' });
    const all = fake.sendInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      channel_id: channelId,
      user: member,
      name: 'custom',
      options: [{ type: ApplicationCommandOptionType.String, name: 'name', value: '', focused: true }],
    });
    const top = await fake.waitForInteractionReply(all.id);
    assert.equal((top.body.data as { choices: unknown[] }).choices.length, 25);
  });

  await t.test('a message context-menu use renders {target.content}; a user one {target}', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'quote', response: '{target} said: {target.content}', context: 'message' });
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'whois', response: '{target} is {target.id}', context: 'user', permissions: { deny_roles: ['900000000000000001'] } });
    await eventually(() => {
      const types = registered().map((c) => `${c.type}:${c.name}`);
      assert.ok(types.includes('3:quote') && types.includes('2:whois'), types.join(','));
    });
    const message = fake.sendMessage({ channel_id: channelId, author: admin, content: 'Ship it on Friday' });
    const used = fake.sendInteraction({ channel_id: channelId, user: member, name: 'quote', command_type: ApplicationCommandType.Message, target_id: message.id });
    const reply = await fake.waitForInteractionReply(used.id);
    assert.equal((reply.body.data as { content: string }).content, 'Ada said: Ship it on Friday');
    const who = fake.sendInteraction({ channel_id: channelId, user: member, name: 'whois', command_type: ApplicationCommandType.User, target_id: admin.id });
    const whoReply = await fake.waitForInteractionReply(who.id);
    assert.equal((whoReply.body.data as { content: string }).content, `Ada is ${admin.id}`);
    // Permissions hold, with an ephemeral refusal: the admin has the denied role.
    const denied = fake.sendInteraction({ channel_id: channelId, user: admin, name: 'whois', command_type: ApplicationCommandType.User, target_id: member.id });
    const refusal = await fake.waitForInteractionReply(denied.id);
    assert.equal(((refusal.body.data as { flags: number }).flags ?? 0) & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    await eventually(async () => {
      const logs = await request('GET', `/api/logs?guild_id=${guild.id}&command=quote`);
      assert.equal(logs.body.items[0]?.source, 'context');
    });
  });

  await t.test("turned off in a guild, the module's commands leave its list there; turned on again, they come back", async () => {
    const switchTo = async (enabled: boolean) => {
      const { body } = await request('GET', `/api/guilds/${guild.id}/modules`);
      const { version } = body.items.find((m: { name: string }) => m.name === 'custom-commands');
      assert.equal((await request('PATCH', `/api/guilds/${guild.id}/modules/custom-commands`, { version, enabled })).status, 200);
    };
    const names = () => registered().map((c) => c.name);
    assert.ok(names().includes('hug') && names().includes('quote'));
    await switchTo(false);
    await eventually(() => assert.deepEqual(names(), []), 10_000);
    await switchTo(true);
    await eventually(() => assert.ok(names().includes('hug') && names().includes('quote'), names().join(',')), 10_000);
  });
});

test('at connection, the guilds with slash or context-menu custom commands are looked up together and registered', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake, guild } = world;
  // Thirty more guilds the bot is in; two of them, and the first, with a slash or context-menu command.
  const others = Array.from({ length: 30 }, (_, i) => fake.addGuild({ name: `Guild ${i}`, channels: [{ name: 'general' }] }));
  const env = { ...world.env, SLASH_SYNC_DELAY_MS: '50' };
  const first = await startTestApp(t, { bot: true, env });
  const withCommands = [guild, others[3], others[17]].map((g) => g?.id ?? '');
  for (const [i, guildId] of withCommands.entries()) {
    const res = await first.request('POST', '/api/commands', { guild_id: guildId, name: `app${i}`, response: 'hi', ...(i === 2 ? { context: 'user' } : { slash: true }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  await first.request('POST', '/api/commands', { guild_id: others[5]?.id, name: 'plain', response: 'prefix only' });
  // The guilds whose commands the bot asked Discord about or registered, since request `from`.
  const touched = (from: number, method?: string) =>
    [...new Set(fake.requests.slice(from).flatMap((r) => (method === undefined || r.method === method ? (/\/guilds\/(\d+)\/commands$/.exec(r.path)?.slice(1) ?? []) : [])))].sort();
  await eventually(() => assert.deepEqual(touched(0, 'PUT'), [...withCommands].sort()));

  // A new process knows nothing of what was registered: the guilds' GUILD_CREATEs tell it where to
  // look, and it checks those guilds with Discord (which has them, so nothing is registered again).
  await first.app.stop();
  const from = fake.requests.length;
  await startTestApp(t, { db: first.db, bot: true, env });
  await eventually(() => assert.deepEqual(touched(from), [...withCommands].sort()));
});
