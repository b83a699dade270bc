// The welcome module against the fake Discord and PostgreSQL: roles it cannot give refused at save,
// a join greeted (pinging only the member), DMed and given autoroles, bots given theirs, pending
// members waiting for screening, roles given back on return, a role that became ungivable reported,
// a raid of 300 joins (not holding up another guild), another guild untouched, and a delayed autorole
// given once across a restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { startTestApp } from '../support/app.ts';
import { startBotApp } from '../support/bot.ts';
import { capturedLog } from '../support/captured-log.ts';
import { eventually } from '../support/eventually.ts';

const ROLE = {
  member: '930000000000000001',
  bots: '930000000000000002',
  muted: '930000000000000003',
  booster: '930000000000000004',
  concord: '930000000000000005',
  admins: '930000000000000006',
};

test('welcome end to end', async (t) => {
  const { log, lines } = capturedLog();
  const world = await startBotApp(t, { log });
  const { fake, request } = world;
  const guild = fake.addGuild({
    name: 'Harbour',
    channels: [{ name: 'welcome' }, { name: 'goodbye' }],
    // From the bottom up: the bot's role (Concord) sits above what it gives, below Admins.
    roles: [
      { id: ROLE.member, name: 'Member' },
      { id: ROLE.bots, name: 'Bots' },
      { id: ROLE.muted, name: 'Muted' },
      { id: ROLE.booster, name: 'Booster', managed: true },
      { id: ROLE.concord, name: 'Concord', permissions: PermissionFlagsBits.ManageRoles },
      { id: ROLE.admins, name: 'Admins' },
    ],
    botRoles: [ROLE.concord],
    members: [{ user: world.admin }],
  });
  const [welcomeChannel, goodbyeChannel] = guild.channels.map((c) => c.id);
  const path = `/api/guilds/${guild.id}/modules/welcome`;
  const rolePuts = (userId: string) => fake.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/guilds/${guild.id}/members/${userId}/roles/`));
  const greetingsOf = (userId: string) => fake.sentMessages.filter((m) => m.channel_id === welcomeChannel && String(m.body.content).includes(`<@${userId}>`));
  let version = 0;

  await t.test('a role the bot cannot give is refused at save: 422 naming the setting and why', async () => {
    const cases: [Record<string, string[]>, string, RegExp][] = [
      [{ autorole_ids: [ROLE.member, ROLE.booster] }, 'settings.autorole_ids.1', /managed/],
      [{ autorole_ids: [ROLE.admins] }, 'settings.autorole_ids.0', /at or above the bot's highest role/],
      [{ bot_autorole_ids: [ROLE.concord] }, 'settings.bot_autorole_ids.0', /at or above/],
    ];
    for (const [settings, field, why] of cases) {
      const res = await request('PATCH', path, { version, settings });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.errors[0].field, field);
      assert.match(res.body.errors[0].message, why);
    }
    const saved = await request('PATCH', path, {
      version,
      settings: {
        join_channel_id: welcomeChannel,
        join_message: 'Hi {user.mention} ({user}), welcome to {guild}: member {member_count}. @everyone <@&930000000000000006>',
        dm_message: 'Welcome to {guild}, {user}!',
        leave_channel_id: goodbyeChannel,
        leave_message: '{user} left ({user.mention}).',
        autorole_ids: [ROLE.member],
        bot_autorole_ids: [ROLE.bots],
        restore_roles: true,
      },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    version = saved.body.version;
  });

  const carol = fake.createUser({ username: 'carol', global_name: 'Carol' });
  await t.test('a join: greeted pinging only them, a DM, the autorole with an audit-log reason', async () => {
    fake.addMember(guild.id, carol);
    const greeting = await fake.waitForMessage((m) => m.channel_id === welcomeChannel, { timeout: 10_000 });
    assert.match(String(greeting.body.content), new RegExp(`^Hi <@${carol.id}> \\(Carol\\), welcome to Harbour: member 3\\.`));
    assert.deepEqual(greeting.body.allowed_mentions, { parse: [], users: [carol.id] });
    const dm = await fake.waitForMessage((m) => m.channel_id === fake.dmChannelFor(carol.id).id);
    assert.equal(dm.body.content, 'Welcome to Harbour, Carol!');
    await eventually(() => assert.deepEqual(fake.member(guild.id, carol.id)?.roles, [ROLE.member]));
    assert.equal(rolePuts(carol.id)[0]?.headers['x-audit-log-reason'], encodeURIComponent('Concord welcome: autorole'));
  });

  await t.test('a bot gets the bot autoroles; closed DMs are skipped quietly', async () => {
    const robo = fake.createUser({ username: 'robo', bot: true });
    const shy = fake.createUser({ username: 'shy' });
    fake.closedDms.add(shy.id);
    fake.addMember(guild.id, robo);
    fake.addMember(guild.id, shy);
    await eventually(() => {
      assert.deepEqual(fake.member(guild.id, robo.id)?.roles, [ROLE.bots]);
      assert.deepEqual(fake.member(guild.id, shy.id)?.roles, [ROLE.member]);
    });
    await eventually(() => assert.equal(greetingsOf(shy.id).length, 1), 10_000);
    assert.equal(fake.sentMessages.some((m) => m.channel_id === fake.dmChannelFor(robo.id).id), false, 'no DM to a bot');
    assert.equal(lines.filter((l) => /DM could not be sent/.test(String(l.msg))).length, 0);
  });

  await t.test('a pending member gets the autoroles when they pass screening, once', async () => {
    const dave = fake.createUser({ username: 'dave' });
    fake.addMember(guild.id, dave, { pending: true });
    // Greeted, and by then a member past screening would long have had the role.
    await eventually(() => assert.equal(greetingsOf(dave.id).length, 1), 10_000);
    assert.deepEqual(rolePuts(dave.id), []);
    fake.updateMember(guild.id, dave.id, { pending: false });
    await eventually(() => assert.deepEqual(fake.member(guild.id, dave.id)?.roles, [ROLE.member]));
    // Later updates (the role just given among them) give nothing again.
    fake.updateMember(guild.id, dave.id, { pending: false });
    const eve = fake.createUser({ username: 'eve' });
    fake.addMember(guild.id, eve);
    await eventually(() => assert.deepEqual(fake.member(guild.id, eve.id)?.roles, [ROLE.member]));
    assert.equal(rolePuts(dave.id).length, 1);
  });

  await t.test('restore_roles: the roles held at leave come back on rejoin; the leave message pings nobody', async () => {
    fake.updateMember(guild.id, carol.id, { roles: [ROLE.member, ROLE.muted, ROLE.booster] });
    // Stored before they leave, as on Discord, where the two are far apart.
    await eventually(async () => {
      const rows = await world.db.sql.unsafe(`select role_ids from ${world.db.schema}_mod_welcome.member_roles where user_id = $1`, [carol.id]);
      assert.deepEqual(rows[0]?.role_ids, [ROLE.member, ROLE.muted, ROLE.booster]);
    });
    fake.removeMember(guild.id, carol.id);
    const farewell = await fake.waitForMessage((m) => m.channel_id === goodbyeChannel, { timeout: 10_000 });
    assert.equal(farewell.body.content, `Carol left (<@${carol.id}>).`);
    assert.deepEqual(farewell.body.allowed_mentions, { parse: [], users: [] });
    fake.addMember(guild.id, carol);
    // Muted and Member again; the managed Booster role is not the bot's to give.
    await eventually(() => assert.deepEqual(fake.member(guild.id, carol.id)?.roles.sort(), [ROLE.member, ROLE.muted].sort()));
    const reasons = new Set(rolePuts(carol.id).map((r) => r.headers['x-audit-log-reason']));
    assert.ok(reasons.has(encodeURIComponent('Concord welcome: roles held when they left')));
    assert.equal(rolePuts(carol.id).some((r) => r.path.endsWith(ROLE.booster)), false);
  });

  await t.test('an autorole that became ungivable is reported, not retried', async () => {
    fake.updateRole(guild.id, ROLE.member, { position: 7 });
    const frank = fake.createUser({ username: 'frank' });
    fake.addMember(guild.id, frank);
    await eventually(() => {
      const line = lines.find((l) => l.level === 40 && l.user === frank.id);
      assert.equal(line?.role_id, ROLE.member);
      assert.match(String(line?.reason), /at or above the bot's highest role/);
    });
    assert.deepEqual(rolePuts(frank.id), [], 'not even tried: Discord would refuse it');
    fake.updateRole(guild.id, ROLE.member, { position: 1 });
  });

  await t.test('a raid of 300 joins: every one gets the role; greetings combined, each member pinged once', async () => {
    const raiders = Array.from({ length: 300 }, (_, i) => fake.createUser({ username: `raider${i}` }));
    const before = fake.sentMessages.length;
    for (const user of raiders) fake.addMember(guild.id, user);
    await eventually(() => assert.ok(raiders.every((u) => fake.member(guild.id, u.id)?.roles.includes(ROLE.member)), 'every raider has the member role'), 60_000, 100);
    await eventually(() => assert.ok(raiders.every((u) => greetingsOf(u.id).length === 1), 'every raider greeted once'), 30_000, 100);
    const greetings = fake.sentMessages.slice(before).filter((m) => m.channel_id === welcomeChannel);
    assert.ok(greetings.length < 300 / 5, `${greetings.length} messages for 300 joins`);
    for (const m of greetings) {
      assert.ok(String(m.body.content).length <= 2_000);
      const users = (m.body.allowed_mentions as { users: string[] }).users;
      assert.ok(users.length <= 100);
      for (const id of users) assert.ok(String(m.body.content).includes(`<@${id}>`));
    }
  });

  await t.test('another guild: its own (default) settings, nothing of this one', async () => {
    const gina = fake.createUser({ username: 'gina' });
    const hank = fake.createUser({ username: 'hank' });
    fake.addMember(world.guild.id, gina);
    fake.addMember(guild.id, hank);
    await eventually(() => assert.equal(greetingsOf(hank.id).length, 1), 10_000);
    assert.equal(fake.sentMessages.some((m) => m.channel_id === world.channelId), false);
    assert.equal(fake.requests.some((r) => r.path.startsWith(`/guilds/${world.guild.id}/members/${gina.id}/roles`)), false);
  });

  await t.test("a member's rows go with their data", async () => {
    const res = await request('DELETE', `/api/users/${carol.id}/data`);
    const welcome = (res.body.modules as { module: string; deleted: number }[]).find((m) => m.module === 'welcome');
    assert.equal(welcome?.deleted, 1);
  });
});

test('a delayed autorole outlives a restart: given on time, once, by one of two processes; a member who left gets none', async (t) => {
  const first = await startBotApp(t);
  const { fake } = first;
  const guild = fake.addGuild({
    name: 'Slow harbour',
    roles: [
      { id: ROLE.member, name: 'Member' },
      { id: ROLE.concord, name: 'Concord', permissions: PermissionFlagsBits.ManageRoles },
    ],
    botRoles: [ROLE.concord],
    members: [{ user: first.admin }],
  });
  const saved = await first.request('PATCH', `/api/guilds/${guild.id}/modules/welcome`, { version: 0, settings: { autorole_ids: [ROLE.member], autorole_delay_seconds: 4 } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const table = `${first.db.schema}_mod_welcome.delayed_autoroles`;
  const [dave, erin] = [fake.createUser({ username: 'dave' }), fake.createUser({ username: 'erin' })];
  const joinedAt = Date.now();
  fake.addMember(guild.id, dave);
  fake.addMember(guild.id, erin);
  await eventually(async () => assert.equal((await first.db.sql.unsafe(`select 1 from ${table}`)).length, 2));
  fake.removeMember(guild.id, erin.id);
  await eventually(async () => assert.equal((await first.db.sql.unsafe(`select 1 from ${table} where status = 'cancelled'`)).length, 1));
  // Concord stops while the delay runs, and two processes come back.
  await first.app.stop();
  const rolePuts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/guilds/${guild.id}/members/`) && r.path.includes('/roles/'));
  assert.equal(rolePuts().length, 0, 'not given before the delay');
  const env = { ...first.env };
  await Promise.all([startTestApp(t, { bot: true, env, db: first.db }), startTestApp(t, { bot: true, env, db: first.db })]);
  await eventually(() => assert.deepEqual(fake.member(guild.id, dave.id)?.roles, [ROLE.member]), 15_000);
  // Compared unordered (a Map): the two joins are handled concurrently, so their rows' ids may be either way round.
  await eventually(async () => {
    const rows = await first.db.sql.unsafe(`select user_id, status from ${table}`);
    assert.equal(rows.length, 2);
    assert.deepEqual(new Map(rows.map((r) => [r.user_id, r.status])), new Map([[dave.id, 'done'], [erin.id, 'cancelled']]));
  });
  const puts = rolePuts();
  assert.deepEqual(puts.map((r) => r.path), [`/guilds/${guild.id}/members/${dave.id}/roles/${ROLE.member}`], 'once, across both processes; none for the one who left');
  assert.ok((puts[0]?.at ?? 0) >= joinedAt + 4_000, 'not before the delay ran out');
  assert.equal(puts[0]?.headers['x-audit-log-reason'], encodeURIComponent('Concord welcome: autorole'));
});

test("a raid of 300 joins in one guild gives roles at Discord's pace without holding up another guild's", async (t) => {
  const world = await startBotApp(t);
  const { fake } = world;
  const harbour = (name: string) =>
    fake.addGuild({
      name,
      roles: [
        { id: ROLE.member, name: 'Member' },
        { id: ROLE.concord, name: 'Concord', permissions: PermissionFlagsBits.ManageRoles },
      ],
      botRoles: [ROLE.concord],
      members: [{ user: world.admin }],
    });
  const [raided, quiet] = [harbour('Raided'), harbour('Quiet')];
  for (const guild of [raided, quiet]) {
    const saved = await world.request('PATCH', `/api/guilds/${guild.id}/modules/welcome`, { version: 0, settings: { autorole_ids: [ROLE.member] } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  }
  // Each of the raid's role changes takes Discord 10 ms: they go one after another on the guild's route.
  fake.delayNext({ method: 'PUT', path: new RegExp(`^/guilds/${raided.id}/members/\\d+/roles/`), ms: 10, count: 300 });
  const raiders = Array.from({ length: 300 }, (_, i) => fake.createUser({ username: `raider${i}` }));
  for (const user of raiders) fake.addMember(raided.id, user);
  await eventually(() => assert.ok(fake.requests.some((r) => r.method === 'PUT' && r.path.startsWith(`/guilds/${raided.id}/members/`)), 'a role given in the raided guild'));
  const newcomer = fake.createUser({ username: 'newcomer' });
  fake.addMember(quiet.id, newcomer);
  await eventually(() => assert.deepEqual(fake.member(quiet.id, newcomer.id)?.roles, [ROLE.member]), 30_000);
  await eventually(() => assert.ok(raiders.every((u) => fake.member(raided.id, u.id)?.roles.includes(ROLE.member)), 'every raider has the member role'), 60_000, 100);
  const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path.includes('/roles/'));
  const quietAt = puts.find((r) => r.path.startsWith(`/guilds/${quiet.id}/`))?.at ?? Number.POSITIVE_INFINITY;
  const raidedPuts = puts.filter((r) => r.path.startsWith(`/guilds/${raided.id}/`));
  const before = raidedPuts.filter((r) => r.at <= quietAt).length;
  assert.equal(raidedPuts.length, 300, 'each raider given the role once');
  t.diagnostic(`the quiet guild's role went out after ${before} of the raid's 300`);
  assert.ok(before < 300, `the quiet guild's role was given while the raid's were still going (after ${before} of 300)`);
});
