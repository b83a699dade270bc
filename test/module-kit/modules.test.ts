// Modules end to end, against the fake Discord and PostgreSQL: the example plugin (a listener, settings,
// a migration, a command, a component and a route) with broken plugins beside it. Loading and refusal,
// a failing or hanging handler isolated, a module switched off in one guild, settings validated
// against the guild, migrations run once across restarts, and a user's data deleted everywhere.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { GatewayDispatchEvents, GatewayIntentBits, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { request as plainRequest, startTestApp } from '../support/app.ts';
import { type BotWorld, startBotApp } from '../support/bot.ts';
import { capturedLog } from '../support/captured-log.ts';
import { eventually } from '../support/eventually.ts';
import { EXAMPLE_PLUGIN, pluginsDir } from '../support/plugins.ts';

/** A plugins folder holding the example and `extra` files (name → source). */
const examplePlus = (t: Pick<TestContext, 'after'>, extra: Record<string, string> = {}) => pluginsDir(t, { copy: [EXAMPLE_PLUGIN], write: extra });

function react(world: BotWorld, { from, author, emoji = '🙏' }: { from: string; author: string; emoji?: string }) {
  world.fake.dispatchEvent(
    world.guild.id,
    GatewayDispatchEvents.MessageReactionAdd,
    { user_id: from, channel_id: world.channelId, message_id: '120000000000000001', guild_id: world.guild.id, message_author_id: author, emoji: { id: null, name: emoji }, type: 0, burst: false },
    GatewayIntentBits.GuildMessageReactions,
  );
}

const BROKEN = {
  'boom.mjs': `export default { name: 'boom', description: 'Throws on every reaction', events: { MESSAGE_REACTION_ADD() { throw new Error('boom went the handler'); } } };\n`,
  'hang.mjs': `export default { name: 'hang', description: 'Never finishes', events: { MESSAGE_REACTION_ADD: () => new Promise(() => {}) } };\n`,
  'bad-migration.mjs': `export default { name: 'bad-migration', description: 'A broken step', migrations: [{ name: '001', sql: 'create tabel nope (id int)' }] };\n`,
  'malformed.mjs': `export default { name: 'malformed', description: 'Listens to nothing real', events: { NOT_AN_EVENT() {} } };\n`,
  'zz-dup.mjs': `export default { name: 'karma', description: 'Takes a name in use' };\n`,
  'squatter.mjs': `export default { name: 'squatter', description: 'Wants a path of Concord', routes: [{ method: 'GET', mount: 'guild', path: '/settings', handler: () => ({}) }] };\n`,
  'api-squatter.mjs': `export default { name: 'api-squatter', description: 'Wants a path of Concord at the API root', apiRoutes: () => [] };\n`,
  'mimic.mjs': `export default { name: 'mimic', description: 'Claims the Snooze buttons', dynamicCommands: { buttonPrefix: 'snooze:', find() {}, names: () => [] } };\n`,
};

test('modules end to end', async (t) => {
  const { log, lines } = capturedLog();
  const world = await startBotApp(t, { log, env: { PLUGINS_DIR: await examplePlus(t, BROKEN), MODULE_HANDLER_TIMEOUT_MS: '300' } });
  const { fake, guild, channelId, admin, member, request } = world;
  const other = fake.addGuild({ name: 'Other', channels: [{ name: 'elsewhere' }], members: [{ user: member }] });
  const karma = `/api/guilds/${guild.id}/modules/karma`;

  await t.test('the good plugins load; each bad one is refused with one line naming its file and why', async () => {
    const modules = (await request('GET', '/api/modules')).body.items as { name: string; source: string; intents: string[]; settings: { properties: Record<string, { 'x-concord-kind': string }> }; routes: unknown[] }[];
    assert.deepEqual(
      modules.filter((m) => m.source === 'plugin').map((m) => m.name),
      ['boom', 'hang', 'karma'],
    );
    assert.ok(modules.some((m) => m.name === 'stats' && m.source === 'built-in'));
    const example = modules.find((m) => m.name === 'karma');
    assert.deepEqual(example?.intents, ['GuildMessageReactions']);
    assert.equal(example?.settings.properties.log_channel_id?.['x-concord-kind'], 'channel');
    assert.deepEqual(example?.routes, [{ method: 'GET', path: '/api/plugins/karma/top' }]);
    // A built-in's routes sit beside the guild's other resources.
    const moderationRoutes = (modules.find((m) => m.name === 'moderation')?.routes ?? []) as { path: string }[];
    // And those served at the API's own paths (apiRoutes) are listed with the module that serves them.
    const statsRoutes = (modules.find((m) => m.name === 'stats')?.routes ?? []) as { method: string; path: string }[];
    assert.ok(statsRoutes.some((r) => r.method === 'GET' && r.path === '/api/stats'), 'the stats module lists GET /api/stats');
    assert.ok(!modules.some((m) => m.name !== 'stats' && (m.routes as { path: string }[]).some((r) => r.path === '/api/stats')), 'no other module lists it');
    assert.ok(moderationRoutes.some((r) => r.path === '/api/guilds/:guild_id/cases/:number'));
    const refusals = lines.filter((line) => line.level === 50 && /refused/.test(String(line.msg))).map((line) => [line.plugin, line.msg]);
    assert.deepEqual(refusals.sort(), [
      ['api-squatter.mjs', 'plugin refused: a plugin\'s routes are `routes`, mounted under /api/plugins/<module> (apiRoutes is for built-in modules)'],
      ['bad-migration.mjs', 'module refused: migration 001 failed: syntax error at or near "tabel"'],
      ['malformed.mjs', 'plugin refused: events.NOT_AN_EVENT: is not a Discord gateway event'],
      ['mimic.mjs', 'plugin refused: dynamicCommands.buttonPrefix: "snooze:" overlaps a custom_id already routed'],
      ['squatter.mjs', 'plugin refused: a plugin\'s routes are mounted under /api/plugins/<module> (mount "guild" is for built-in modules)'],
      ['zz-dup.mjs', 'plugin refused: the module name "karma" is already in use'],
    ]);
  });

  await t.test('an event reaches the module; one that throws and one that hangs are recorded and stop nothing', async () => {
    react(world, { from: admin.id, author: member.id });
    await eventually(async () => {
      const top = await request('GET', `/api/plugins/karma/top?guild_id=${guild.id}`);
      assert.deepEqual(top.body, { items: [{ user_id: member.id, n: 1 }] });
    });
    await eventually(async () => {
      const groups = (await request('GET', '/api/errors')).body.items as { source: string; message: string; context: { module?: string } }[];
      const byModule = Object.fromEntries(groups.filter((g) => g.source === 'module').map((g) => [g.context.module, g.message]));
      assert.equal(byModule.boom, 'boom went the handler');
      assert.match(String(byModule.hang), /did not finish within 300 ms/);
    });
    assert.equal((await say(world, '!ping')).includes('Pong'), true, 'the bot still answers');
  });

  await t.test('settings are checked against the guild: 422 naming the setting', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ log_channel_id: other.channels[0]?.id }, 'settings.log_channel_id'],
      [{ log_channel_id: 'general' }, 'settings.log_channel_id'],
      [{ emoji: 'x'.repeat(33) }, 'settings.emoji'],
      [{ nope: true }, 'settings.nope'],
    ];
    for (const [settings, field] of cases) {
      const res = await request('PATCH', karma, { version: 0, settings });
      assert.equal(res.status, 422, JSON.stringify(settings));
      assert.equal(res.body.errors[0].field, field, JSON.stringify(res.body));
    }
    const saved = await request('PATCH', karma, { version: 0, settings: { log_channel_id: channelId } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body, { ...saved.body, name: 'karma', enabled: true, version: 1, settings: { emoji: '🙏', log_channel_id: channelId } });
    // The handler sees the new setting at once: the thanks are announced, pinging nobody.
    react(world, { from: admin.id, author: member.id });
    const announced = await fake.waitForMessage((m) => m.channel_id === channelId && String(m.body.content).includes('was thanked'));
    assert.match(String(announced.body.content), /2 karma/);
    assert.deepEqual(announced.body.allowed_mentions, { parse: [] });
  });

  await t.test('parallel changes from one version: exactly one lands', async () => {
    const results = await Promise.all(['⭐', '💖', '👏', '🎉'].map((emoji) => request('PATCH', karma, { version: 1, settings: { emoji } })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409]);
  });

  await t.test('the command and its component: /karma shows a Thank button that thanks', async () => {
    const interaction = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'karma', options: [{ type: 6, name: 'member', value: member.id }] } as never);
    const reply = await fake.waitForInteractionReply(interaction.id);
    const data = reply.body.data as { content: string; components: { components: { custom_id: string }[] }[] };
    assert.equal(data.content, `<@${member.id}> has 2 karma.`);
    const button = data.components[0]?.components[0]?.custom_id ?? '';
    assert.equal(button, `m:karma:thank:${member.id}`);
    // The message the button is on, as the bot posted it.
    const host = fake.sendMessage({ channel_id: channelId, author: fake.botUser, content: data.content });
    const press = fake.sendInteraction({ type: InteractionType.MessageComponent, channel_id: channelId, user: admin, custom_id: button, message_id: host.id });
    const updated = await fake.waitForInteractionReply(press.id);
    assert.equal((updated.body.data as { content: string }).content, `<@${member.id}> has 3 karma.`);
  });

  await t.test('switched off in a guild, a module does nothing there', async () => {
    const current = (await request('GET', `/api/guilds/${guild.id}/modules`)).body.items.find((m: { name: string }) => m.name === 'karma');
    const off = await request('PATCH', karma, { version: current.version, enabled: false });
    assert.equal(off.status, 200);
    const interaction = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'karma' } as never);
    const reply = await fake.waitForInteractionReply(interaction.id);
    const data = reply.body.data as { content: string; flags: number };
    assert.match(data.content, /karma module, which is turned off in this server/);
    assert.equal(data.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    assert.equal((await request('GET', `/api/plugins/karma/top?guild_id=${guild.id}`)).status, 404);
    const { emoji } = current.settings;
    react(world, { from: admin.id, author: member.id, emoji });
    // A later event that is delivered shows the earlier one was passed over, not merely slow.
    await request('PATCH', karma, { version: current.version + 1, enabled: true });
    react(world, { from: member.id, author: admin.id, emoji });
    await eventually(async () => {
      const top = (await request('GET', `/api/plugins/karma/top?guild_id=${guild.id}`)).body.items;
      assert.deepEqual(top, [
        { user_id: member.id, n: 3 },
        { user_id: admin.id, n: 1 },
      ]);
    });
  });

  await t.test("a user's data is deleted from every module in one call, audited", async () => {
    await say(world, '!ping', member);
    // The command log is written in batches: the use is there to delete once it is listed.
    await eventually(async () => assert.ok((await request('GET', `/api/logs?user_id=${member.id}`)).body.items.length >= 1));
    const res = await request('DELETE', `/api/users/${member.id}/data`);
    assert.equal(res.status, 200);
    const byModule = Object.fromEntries((res.body.modules as { module: string; deleted: number }[]).map((m) => [m.module, m.deleted]));
    assert.equal(byModule.karma, 1);
    assert.ok((byModule.logs ?? 0) >= 1, 'their command uses');
    assert.ok('stats' in byModule && 'reminders' in byModule);
    assert.deepEqual((await request('GET', `/api/plugins/karma/top?guild_id=${guild.id}`)).body.items, [{ user_id: admin.id, n: 1 }]);
    const audit = await request('GET', `/api/audit?entity=user&entity_id=${member.id}`);
    assert.equal(audit.body.items[0]?.action, 'delete');
  });
});

test("a module's migrations run once, across restarts and processes starting together", async (t) => {
  const dir = await examplePlus(t);
  const first = await startTestApp(t, { env: { PLUGINS_DIR: dir } });
  // A second process on the same database at the same time finds the step done.
  const second = await startTestApp(t, { db: first.db, env: { PLUGINS_DIR: dir } });
  await first.db.sql.unsafe(`insert into ${first.db.schema}_mod_karma.karma (guild_id, user_id, n) values ('110000000000000001', '120000000000000001', 5)`);
  await first.app.stop();
  const again = await startTestApp(t, { db: first.db, env: { PLUGINS_DIR: dir } });
  const steps = await first.db.sql`select module, name from module_migrations where module = 'karma'`;
  assert.deepEqual([...steps], [{ module: 'karma', name: '001-karma' }]);
  for (const app of [second, again]) {
    const top = await app.request('GET', '/api/plugins/karma/top?guild_id=110000000000000001');
    assert.deepEqual(top.body.items, [{ user_id: '120000000000000001', n: 5 }]);
  }
});

test('a privileged intent Discord refuses: connected without it, its module unavailable, the rest working', async (t) => {
  const { log, lines } = capturedLog();
  // Its setup keeps what it read of the configuration, which its handlers would get as ctx.instance.
  const members = `export default { name: 'greeter', description: 'Hears joins', events: { GUILD_MEMBER_ADD() {} }, setup: (ctx) => ({ prefix: ctx.config.COMMAND_PREFIX, token: ctx.config.DISCORD_TOKEN }) };\n`;
  const world = await startBotApp(t, {
    log,
    env: { PLUGINS_DIR: await examplePlus(t, { 'greeter.mjs': members }) },
    // The application was granted Message Content only.
    fake: { privilegedIntents: GatewayIntentBits.MessageContent },
  });
  const modules = (await world.request('GET', '/api/modules')).body.items as { name: string; available: boolean; unavailable_reason: string | null }[];
  const greeter = modules.find((m) => m.name === 'greeter');
  assert.equal(greeter?.available, false);
  assert.match(String(greeter?.unavailable_reason), /GuildMembers.*Developer Portal/);
  assert.ok(modules.filter((m) => m.name !== 'greeter' && m.name !== 'welcome').every((m) => m.available));
  const greeterModule = world.app.modules?.registry.get('greeter');
  assert.ok(greeterModule);
  assert.deepEqual(world.app.modules?.processContext(greeterModule).instance, { prefix: '!', token: undefined }, 'setup saw the configuration, not its secrets');
  // The event log needs Server Members only for member events: it stays available without them.
  assert.equal(modules.find((m) => m.name === 'event-log')?.available, true);
  const health = await world.request('GET', '/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'degraded');
  // welcome, built in, listens to members too.
  assert.deepEqual(Object.keys(health.body.checks.modules.unavailable).sort(), ['greeter', 'welcome']);
  assert.equal(lines.filter((line) => line.level === 50 && /refused the privileged intent GuildMembers/.test(String(line.msg))).length, 1);
  const interaction = world.fake.sendInteraction({ channel_id: world.channelId, guild_id: world.guild.id, user: world.member, name: 'ping' } as never);
  const reply = await world.fake.waitForInteractionReply(interaction.id);
  assert.match((reply.body.data as { content: string }).content, /Pong/);
  assert.match(await say(world, '!ping'), /Pong/);

  // A bot-only process on the same application says the same on its own health endpoint.
  const bot = await startTestApp(t, { db: world.db, api: false, bot: true, env: { ...world.env, PLUGINS_DIR: await examplePlus(t, { 'greeter.mjs': members }) } });
  await eventually(async () => {
    const botHealth = await plainRequest(bot.url, 'GET', '/health');
    assert.equal(botHealth.status, 200);
    assert.equal(botHealth.body.status, 'degraded');
    assert.deepEqual(Object.keys(botHealth.body.checks.modules.unavailable).sort(), ['greeter', 'welcome']);
  });
});

async function say(world: BotWorld, content: string, author = world.admin): Promise<string> {
  return (await world.say(content, author)).content;
}
