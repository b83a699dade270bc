// The role-menus module against the fake Discord and PostgreSQL: roles refused at save (422 naming
// options.N.role_id), each mode with buttons and with a select, max and required roles, rows of 5,
// the message edited, reposted after Discord deleted it and deleted, a role checked again at the
// click, a custom id from another guild changing nothing, a slow click deferred, and 300 members
// clicking at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIStringSelectComponent, ComponentType, GatewayDispatchEvents, GatewayIntentBits, InteractionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';

const id = (n: number) => `94000000000000${String(n).padStart(4, '0')}`;
const ROLE = { red: id(1), blue: id(2), green: id(3), verified: id(4), booster: id(5), concord: id(90), admins: id(91) };
const EXTRA = Array.from({ length: 12 }, (_, i) => id(10 + i));

type Menu = { id: string; message_id: string; message_deleted: boolean; channel_id: string };

test('role menus end to end', async (t) => {
  const world = await startBotApp(t);
  const { fake, request } = world;
  const crowd = Array.from({ length: 300 }, (_, i) => fake.createUser({ username: `clicker${i}` }));
  const guild = fake.addGuild({
    name: 'Colours',
    channels: [{ name: 'roles' }],
    roles: [
      { id: ROLE.red, name: 'Red' },
      { id: ROLE.blue, name: 'Blue' },
      { id: ROLE.green, name: 'Green' },
      { id: ROLE.verified, name: 'Verified' },
      { id: ROLE.booster, name: 'Booster', managed: true },
      ...EXTRA.map((roleId, i) => ({ id: roleId, name: `Extra ${i}` })),
      { id: ROLE.concord, name: 'Concord', permissions: PermissionFlagsBits.ManageRoles },
      { id: ROLE.admins, name: 'Admins' },
    ],
    botRoles: [ROLE.concord],
    members: [{ user: world.admin }, { user: world.member }, ...crowd.map((user) => ({ user }))],
  });
  const channelId = guild.channels[0]?.id ?? '';
  const base = `/api/guilds/${guild.id}/role-menus`;
  const options = (...roleIds: string[]) => roleIds.map((roleId, i) => ({ role_id: roleId, label: `Option ${i}` }));
  const create = async (menu: Record<string, unknown>): Promise<Menu> => {
    const res = await request('POST', base, { channel_id: channelId, content: 'Pick your colour', style: 'buttons', mode: 'toggle', ...menu });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const message = (menu: Menu) => {
    const sent = [...fake.sentMessages].reverse().find((m) => m.message.id === menu.message_id);
    assert.ok(sent, `message ${menu.message_id} was posted`);
    return sent.message;
  };
  const rows = (menu: Menu) => message(menu).components as APIActionRowComponent<APIButtonComponentWithCustomId | APIStringSelectComponent>[];
  const roles = (userId: string) => new Set(fake.member(guild.id, userId)?.roles);
  const rolePuts = () => fake.requests.filter((r) => (r.method === 'PUT' || r.method === 'DELETE') && r.path.includes('/roles/'));

  /** Clicks the menu's button for `roleId` (or picks `values` in its select); the ephemeral answer. */
  const click = async (menu: Menu, user = world.member, pick: { role?: string; values?: string[] }, inGuild = guild.id, hostId = menu.message_id, hostChannel = channelId) => {
    const components = rows(menu).flatMap((row) => row.components);
    const component = pick.values ? components[0] : components.find((c) => c.custom_id.endsWith(`:${pick.role}`));
    assert.ok(component, 'the component is on the message');
    const interaction = fake.sendInteraction({
      type: InteractionType.MessageComponent,
      channel_id: hostChannel,
      guild_id: inGuild,
      user,
      custom_id: component.custom_id,
      message_id: hostId,
      ...(pick.values ? { component_type: ComponentType.StringSelect, values: pick.values } : {}),
    });
    const reply = await fake.waitForInteractionReply(interaction.id, { timeout: 30_000 });
    const data = reply.body.data as { content: string; flags: number };
    assert.equal(data.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral, 'answered only to them');
    return data.content;
  };

  await t.test('every role is checked at save: 422 naming options.N.role_id and why', async () => {
    const other = world.guild;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ options: options(ROLE.red, ROLE.booster) }, 'options.1.role_id', /managed/],
      [{ options: options(ROLE.admins) }, 'options.0.role_id', /at or above the bot's highest role/],
      [{ options: options('900000000000000001') }, 'options.0.role_id', /not a role of this server/],
      [{ options: options(ROLE.red), channel_id: world.channelId }, 'channel_id', /not a channel of this server/],
      [{ options: options(ROLE.red), required_role_ids: ['900000000000000001'] }, 'required_role_ids.0', /not a role of this server/],
      [{ options: options(...Array.from({ length: 26 }, (_, i) => id(200 + i))) }, 'options', /at most 25/],
      [{ options: options(ROLE.red), style: 'grid' }, 'style', /buttons, select/],
    ];
    for (const [menu, field, why] of cases) {
      const res = await request('POST', base, { channel_id: channelId, content: 'x', style: 'buttons', mode: 'toggle', ...menu });
      assert.equal(res.status, 422, JSON.stringify(menu));
      const error = (res.body.errors as { field: string; message: string }[]).find((e) => e.field === field);
      assert.ok(error, `${field} in ${JSON.stringify(res.body.errors)}`);
      assert.match(error.message, why);
    }
    assert.deepEqual((await request('GET', base)).body.items, []);
    assert.equal((await request('GET', `/api/guilds/${other.id}/role-menus`)).body.items.length, 0);
  });

  await t.test('toggle, buttons: a click adds, a click again removes, with an audit-log reason', async () => {
    const menu = await create({ options: options(ROLE.red, ROLE.blue, ROLE.green) });
    assert.equal(rows(menu).length, 1);
    assert.deepEqual(rows(menu)[0]?.components.map((c) => c.custom_id), [ROLE.red, ROLE.blue, ROLE.green].map((r) => `m:role-menus:b:${menu.id}:${r}`));
    assert.equal(await click(menu, world.member, { role: ROLE.red }), `Added <@&${ROLE.red}>.`);
    assert.ok(roles(world.member.id).has(ROLE.red));
    assert.equal(rolePuts().at(-1)?.headers['x-audit-log-reason'], encodeURIComponent(`Role menu ${menu.id}`));
    assert.equal(await click(menu, world.member, { role: ROLE.red }), `Removed <@&${ROLE.red}>.`);
    assert.equal(roles(world.member.id).has(ROLE.red), false);
  });

  await t.test('unique: one role of the menu at a time; clicking the one held removes it', async () => {
    const menu = await create({ mode: 'unique', options: options(ROLE.red, ROLE.blue) });
    assert.equal(await click(menu, world.member, { role: ROLE.red }), `Added <@&${ROLE.red}>.`);
    assert.equal(await click(menu, world.member, { role: ROLE.blue }), `Added <@&${ROLE.blue}>; removed <@&${ROLE.red}>.`);
    assert.deepEqual([...roles(world.member.id)], [ROLE.blue]);
    assert.equal(await click(menu, world.member, { role: ROLE.blue }), `Removed <@&${ROLE.blue}>.`);
  });

  await t.test('verify adds only; drop removes only', async () => {
    const verify = await create({ mode: 'verify', options: options(ROLE.verified) });
    assert.equal(await click(verify, world.member, { role: ROLE.verified }), `Added <@&${ROLE.verified}>.`);
    assert.equal(await click(verify, world.member, { role: ROLE.verified }), `Nothing changed: you already have <@&${ROLE.verified}>.`);
    const drop = await create({ mode: 'drop', options: options(ROLE.verified) });
    assert.equal(await click(drop, world.member, { role: ROLE.verified }), `Removed <@&${ROLE.verified}>.`);
    assert.equal(await click(drop, world.member, { role: ROLE.verified }), `Nothing changed: you do not have <@&${ROLE.verified}>.`);
  });

  await t.test('select: sets exactly the chosen roles among the menu’s; unique picks one', async () => {
    const menu = await create({ style: 'select', options: options(ROLE.red, ROLE.blue, ROLE.green) });
    const select = rows(menu)[0]?.components[0] as APIStringSelectComponent;
    assert.equal(select.type, ComponentType.StringSelect);
    assert.deepEqual([select.min_values, select.max_values, select.options.length], [0, 3, 3]);
    assert.equal(await click(menu, world.member, { values: [ROLE.red, ROLE.blue] }), `Added <@&${ROLE.red}>, <@&${ROLE.blue}>.`);
    assert.equal(await click(menu, world.member, { values: [ROLE.blue] }), `Removed <@&${ROLE.red}>.`);
    assert.equal(await click(menu, world.member, { values: [] }), `Removed <@&${ROLE.blue}>.`);
    const unique = await create({ style: 'select', mode: 'unique', options: options(ROLE.red, ROLE.blue) });
    const uniqueSelect = rows(unique)[0]?.components[0] as APIStringSelectComponent | undefined;
    assert.equal(uniqueSelect?.max_values, 1);
    assert.equal(await click(unique, world.member, { values: [ROLE.green] }), 'Nothing changed: you already hold exactly those roles.', 'a role not of the menu is ignored');
  });

  await t.test('select, verify adds the chosen roles only; select, drop removes them only', async () => {
    fake.updateMember(guild.id, world.member.id, { roles: [ROLE.green] });
    const verify = await create({ style: 'select', mode: 'verify', options: options(ROLE.red, ROLE.blue, ROLE.green) });
    assert.equal(await click(verify, world.member, { values: [ROLE.red] }), `Added <@&${ROLE.red}>.`);
    assert.deepEqual([...roles(world.member.id)].sort(), [ROLE.green, ROLE.red].sort(), 'green, not chosen, is kept');
    const drop = await create({ style: 'select', mode: 'drop', options: options(ROLE.red, ROLE.blue, ROLE.green) });
    assert.equal(await click(drop, world.member, { values: [ROLE.red, ROLE.blue] }), `Removed <@&${ROLE.red}>.`);
    assert.deepEqual([...roles(world.member.id)], [ROLE.green], 'green, not chosen, is kept; blue was not held');
    fake.updateMember(guild.id, world.member.id, { roles: [] });
  });

  await t.test('required roles and max are enforced at the click', async () => {
    const menu = await create({ options: options(ROLE.red, ROLE.blue), max: 1, required_role_ids: [ROLE.verified] });
    assert.equal(await click(menu, world.member, { role: ROLE.red }), `You need <@&${ROLE.verified}> to use this menu.`);
    fake.updateMember(guild.id, world.member.id, { roles: [ROLE.verified] });
    assert.equal(await click(menu, world.member, { role: ROLE.red }), `Added <@&${ROLE.red}>.`);
    assert.equal(await click(menu, world.member, { role: ROLE.blue }), "You can hold at most 1 of this menu's roles: drop one first.");
    assert.equal(roles(world.member.id).has(ROLE.blue), false);
    fake.updateMember(guild.id, world.member.id, { roles: [] });
  });

  await t.test('buttons in rows of 5', async () => {
    const menu = await create({ options: options(...EXTRA) });
    assert.deepEqual(rows(menu).map((row) => row.components.length), [5, 5, 2]);
  });

  await t.test('a role moved above the bot since the save is named at the click, not tried', async () => {
    const menu = await create({ options: options(ROLE.green) });
    fake.updateRole(guild.id, ROLE.green, { position: 99 });
    const before = rolePuts().length;
    await eventually(async () => {
      assert.match(await click(menu, world.member, { role: ROLE.green }), new RegExp(`^Could not change <@&${ROLE.green}>: the role Green is at or above the bot's highest role`));
    });
    assert.equal(rolePuts().length, before);
    fake.updateRole(guild.id, ROLE.green, { position: 3 });
  });

  await t.test('edited, reposted after Discord deleted it, deleted', async () => {
    const menu = await create({ options: options(ROLE.red) });
    const edited = await request('PATCH', `${base}/${menu.id}`, { content: 'Colours, again', options: options(ROLE.red, ROLE.blue) });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.message_id, menu.message_id);
    const patch = fake.requests.find((r) => r.method === 'PATCH' && r.path === `/channels/${channelId}/messages/${menu.message_id}`);
    assert.equal((patch?.body as { content?: string } | undefined)?.content, 'Colours, again');
    // A moderator deletes the message in Discord.
    fake.dispatchEvent(guild.id, GatewayDispatchEvents.MessageDelete, { id: menu.message_id, channel_id: channelId, guild_id: guild.id }, GatewayIntentBits.GuildMessages);
    await eventually(async () => assert.equal((await request('GET', `${base}/${menu.id}`)).body.message_deleted, true));
    const reposted = await request('PATCH', `${base}/${menu.id}`, { mode: 'verify' });
    assert.equal(reposted.body.message_deleted, false);
    assert.notEqual(reposted.body.message_id, menu.message_id);
    assert.equal((await request('DELETE', `${base}/${menu.id}`)).status, 204);
    assert.ok(fake.requests.some((r) => r.method === 'DELETE' && r.path === `/channels/${channelId}/messages/${reposted.body.message_id}`));
    assert.equal((await request('GET', `${base}/${menu.id}`)).status, 404);
  });

  await t.test("another guild: a menu's custom id there changes nothing; its API cannot see the menu", async () => {
    const menu = await create({ options: options(ROLE.red) });
    // The same components on a message of the bot in the other guild.
    const host = fake.sendMessage({ channel_id: world.channelId, author: fake.botUser, content: 'copied' });
    const before = rolePuts().length;
    assert.equal(await click(menu, world.member, { role: ROLE.red }, world.guild.id, host.id, world.channelId), 'This role menu no longer exists.');
    assert.equal(rolePuts().length, before);
    assert.equal((await request('GET', `/api/guilds/${world.guild.id}/role-menus/${menu.id}`)).status, 404);
    assert.equal((await request('PATCH', `/api/guilds/${world.guild.id}/role-menus/${menu.id}`, { content: 'mine' })).status, 404);
  });

  await t.test('/rolemenu create, list and delete', async () => {
    const run = async (sub: string, options: { type: number; name: string; value: string | number }[]) => {
      const interaction = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: world.admin, name: 'rolemenu', options: [{ type: 1, name: sub, options }] } as never);
      return ((await fake.waitForInteractionReply(interaction.id)).body.data as { content: string }).content;
    };
    const created = await run('create', [
      { type: 7, name: 'channel', value: channelId },
      { type: 3, name: 'text', value: 'Teams' },
      { type: 8, name: 'role1', value: ROLE.red },
      { type: 8, name: 'role2', value: ROLE.blue },
      { type: 3, name: 'mode', value: 'unique' },
    ]);
    const menuId = /^Role menu #(\d+) posted in <#\d+>\.$/.exec(created)?.[1];
    assert.ok(menuId, created);
    const menu = (await request('GET', `${base}/${menuId}`)).body;
    assert.deepEqual([menu.mode, menu.style, menu.options.map((o: { label: string }) => o.label)], ['unique', 'buttons', ['Red', 'Blue']]);
    assert.equal(await click(menu, world.member, { role: ROLE.blue }), `Added <@&${ROLE.blue}>.`);
    assert.match(await run('list', []), new RegExp(`#${menuId} · <#${channelId}> · unique buttons`));
    assert.match(await run('create', [{ type: 7, name: 'channel', value: channelId }, { type: 3, name: 'text', value: 'x' }, { type: 8, name: 'role1', value: ROLE.admins }]), /options\.0\.role_id: the bot cannot give this role/);
    assert.equal(await run('delete', [{ type: 4, name: 'id', value: Number(menuId) }]), `Role menu #${menuId} deleted.`);
    assert.equal((await request('GET', `${base}/${menuId}`)).status, 404);
  });

  await t.test('a click whose role change outlasts 3 s is deferred ephemerally, then its answer edited in', async () => {
    const menu = await create({ options: options(ROLE.blue) });
    // Discord is slow to give the role (a raid elsewhere on the bucket): past its 3 s the callback is refused.
    fake.updateMember(guild.id, world.member.id, { roles: [] });
    fake.delayNext({ method: 'PUT', path: `/guilds/${guild.id}/members/${world.member.id}/roles/${ROLE.blue}`, ms: 3_500 });
    const interaction = fake.sendInteraction({
      type: InteractionType.MessageComponent,
      channel_id: channelId,
      guild_id: guild.id,
      user: world.member,
      custom_id: rows(menu)[0]?.components[0]?.custom_id ?? '',
      message_id: menu.message_id,
    });
    const deferred = await fake.waitForInteractionResponse((r) => r.interaction_id === interaction.id && r.kind === 'callback', { timeout: 30_000 });
    assert.equal(deferred.type, 5, 'deferred as a message of its own');
    assert.equal(((deferred.body.data as { flags?: number } | undefined)?.flags ?? 0) & MessageFlags.Ephemeral, MessageFlags.Ephemeral, 'deferred only to them');
    const edit = await fake.waitForInteractionResponse((r) => r.interaction_id === interaction.id && r.kind === 'edit-original', { timeout: 30_000 });
    assert.equal((edit.body as { content?: string }).content, `Added <@&${ROLE.blue}>.`);
    assert.ok(roles(world.member.id).has(ROLE.blue));
    assert.equal(await click(menu, world.member, { role: ROLE.blue }), `Removed <@&${ROLE.blue}>.`, 'a quick click is answered directly again');
  });

  await t.test('300 members click at once: each gets the role, each is told', async () => {
    const menu = await create({ options: options(ROLE.red) });
    const answers = await Promise.all(crowd.map((user) => click(menu, user, { role: ROLE.red })));
    assert.ok(answers.every((a) => a === `Added <@&${ROLE.red}>.`));
    assert.ok(crowd.every((user) => roles(user.id).has(ROLE.red)));
  });
});
