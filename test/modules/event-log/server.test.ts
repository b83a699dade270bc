// The event log's server and voice categories against the fake Discord: channels, roles, emojis and
// the server's settings created, changed and deleted (before → after), invites, and voice joins,
// leaves and moves, with the ignore lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { eventually } from '../../support/eventually.ts';
import { guildCreateData } from '../../support/fake-discord/payloads.ts';
import { generateSnowflake } from '../../support/fake-discord/snowflake.ts';
import { configure, embedsIn, eventLogOf, field, startLogWorld, waitForEmbed } from './world.ts';

test('server changes', async (t) => {
  const world = await startLogWorld(t);
  const { fake, guild, member, admin, robot, logChannels } = world;
  const channel = logChannels.server;
  const dispatch = (event: GatewayDispatchEvents, data: unknown, intent: GatewayIntentBits) => fake.dispatchEvent(guild.id, event, data, intent);

  let quiet: ReturnType<typeof fake.addChannel> | undefined;
  await t.test('with no server channel set, nothing is posted', async () => {
    quiet = fake.addChannel(guild.id, { name: 'quiet-channel' });
    await world.say('!ping');
    await configure(world, guild.id, { server_channel_id: channel });
    fake.addChannel(guild.id, { name: 'announcements' });
    await waitForEmbed(world, channel, (e) => e.title === 'Channel created' && (field(e, 'Channel') ?? '').includes('#announcements'));
    assert.ok(!embedsIn(world, channel).some((e) => (field(e, 'Channel') ?? '').includes('quiet-channel')));
  });

  await t.test('turned on after the GUILD_CREATE, it takes the server from Discord: a channel that was there shows its change', async () => {
    assert.ok(quiet);
    const known = quiet;
    await eventually(() => assert.equal(eventLogOf(world).structures.get(guild.id)?.channels.get(known.id)?.name, 'quiet-channel'));
    dispatch(GatewayDispatchEvents.ChannelUpdate, { ...known, name: 'loud-channel' }, GatewayIntentBits.Guilds);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Channel changed' && field(e, 'name') === 'quiet-channel → loud-channel');
    assert.equal(field(embed, 'Channel'), `<#${known.id}>`);
  });

  await t.test('a channel changed shows the fields before and after; a deleted one its name', async () => {
    const created = fake.addChannel(guild.id, { name: 'general-2' });
    await waitForEmbed(world, channel, (e) => e.title === 'Channel created' && (field(e, 'Channel') ?? '').includes('#general-2'));
    dispatch(GatewayDispatchEvents.ChannelUpdate, { ...created, name: 'chat', topic: 'Talk here' }, GatewayIntentBits.Guilds);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Channel changed' && field(e, 'Channel') === `<#${created.id}>`);
    assert.equal(field(embed, 'name'), 'general-2 → chat');
    assert.equal(field(embed, 'topic'), '*(none)* → Talk here');
    dispatch(GatewayDispatchEvents.ChannelDelete, { ...created, name: 'chat', topic: 'Talk here' }, GatewayIntentBits.Guilds);
    const deleted = await waitForEmbed(world, channel, (e) => e.title === 'Channel deleted');
    assert.equal(field(deleted.embed, 'Channel'), `#chat (${created.id})`);
  });

  await t.test('roles created, renamed and deleted', async () => {
    const role = { id: generateSnowflake(), name: 'Helpers', color: 0, hoist: false, position: 2, permissions: '0', managed: false, mentionable: false, flags: 0 };
    dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guild.id, role }, GatewayIntentBits.Guilds);
    await waitForEmbed(world, channel, (e) => e.title === 'Role created' && field(e, 'Role') === `<@&${role.id}> (Helpers)`);
    dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guild.id, role: { ...role, name: 'Support', color: 0xff0000 } }, GatewayIntentBits.Guilds);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Role changed');
    assert.equal(field(embed, 'name'), 'Helpers → Support');
    assert.equal(field(embed, 'color'), `0 → ${0xff0000}`);
    dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: guild.id, role_id: role.id }, GatewayIntentBits.Guilds);
    const deleted = await waitForEmbed(world, channel, (e) => e.title === 'Role deleted');
    assert.equal(field(deleted.embed, 'Role'), `Support (${role.id})`);
  });

  await t.test('emojis added, renamed and removed from the whole list Discord sends', async () => {
    const emoji = { id: generateSnowflake(), name: 'party', animated: false, roles: [], require_colons: true, managed: false, available: true };
    dispatch(GatewayDispatchEvents.GuildEmojisUpdate, { guild_id: guild.id, emojis: [emoji] }, GatewayIntentBits.GuildExpressions);
    await waitForEmbed(world, channel, (e) => e.title === 'Emoji added');
    dispatch(GatewayDispatchEvents.GuildEmojisUpdate, { guild_id: guild.id, emojis: [{ ...emoji, name: 'tada' }] }, GatewayIntentBits.GuildExpressions);
    const renamed = await waitForEmbed(world, channel, (e) => e.title === 'Emoji renamed');
    assert.equal(field(renamed.embed, 'name'), 'party → tada');
    dispatch(GatewayDispatchEvents.GuildEmojisUpdate, { guild_id: guild.id, emojis: [] }, GatewayIntentBits.GuildExpressions);
    await waitForEmbed(world, channel, (e) => e.title === 'Emoji removed' && (field(e, 'Emoji') ?? '').includes(':tada:'));
  });

  await t.test('the server’s settings changed, and invites created and deleted', async () => {
    // Discord sends GUILD_CREATE at each connection: the picture changes are measured against.
    const data = guildCreateData(guild);
    dispatch(GatewayDispatchEvents.GuildCreate, data, GatewayIntentBits.Guilds);
    await world.say('!ping');
    dispatch(GatewayDispatchEvents.GuildUpdate, { ...data, name: 'Renamed server' }, GatewayIntentBits.Guilds);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Server settings changed');
    assert.equal(field(embed, 'name'), `${guild.name} → Renamed server`);
    const invite = { channel_id: world.channelId, code: 'abc123', created_at: new Date().toISOString(), guild_id: guild.id, inviter: admin, max_age: 3_600, max_uses: 5, temporary: false, uses: 0 };
    dispatch(GatewayDispatchEvents.InviteCreate, invite, GatewayIntentBits.GuildInvites);
    const created = await waitForEmbed(world, channel, (e) => e.title === 'Invite created');
    assert.equal(field(created.embed, 'Uses'), 'at most 5');
    assert.equal(field(created.embed, 'By'), `<@${admin.id}>`);
    dispatch(GatewayDispatchEvents.InviteDelete, { channel_id: world.channelId, guild_id: guild.id, code: 'abc123' }, GatewayIntentBits.GuildInvites);
    await waitForEmbed(world, channel, (e) => e.title === 'Invite deleted' && field(e, 'Code') === 'abc123');
  });

  await t.test('voice joins, moves and leaves; bots and ignored channels are left out', async () => {
    const voice = logChannels.voice;
    const lounge = fake.addChannel(guild.id, { name: 'Lounge' }).id;
    const stage = fake.addChannel(guild.id, { name: 'Stage' }).id;
    const hidden = fake.addChannel(guild.id, { name: 'Hidden' }).id;
    await configure(world, guild.id, { voice_channel_id: voice, ignored_channel_ids: [hidden] });
    const state = (user: typeof member, channelId: string | null) =>
      dispatch(GatewayDispatchEvents.VoiceStateUpdate, { guild_id: guild.id, channel_id: channelId, user_id: user.id, member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false }, session_id: 's', deaf: false, mute: false, self_deaf: false, self_mute: false, self_video: false, suppress: false, request_to_speak_timestamp: null }, GatewayIntentBits.GuildVoiceStates);
    state(robot, lounge);
    state(member, hidden);
    state(member, lounge);
    const join = await waitForEmbed(world, voice, (e) => e.title === 'Moved between voice channels');
    assert.equal(field(join.embed, 'To'), `<#${lounge}>`);
    state(member, stage);
    await waitForEmbed(world, voice, (e) => e.title === 'Moved between voice channels' && field(e, 'To') === `<#${stage}>`);
    state(member, null);
    const left = await waitForEmbed(world, voice, (e) => e.title === 'Left a voice channel');
    assert.equal(field(left.embed, 'Channel'), `<#${stage}>`);
    assert.ok(!embedsIn(world, voice).some((e) => e.author?.name?.startsWith('robot')), 'a bot is not logged');
    assert.ok(!embedsIn(world, voice).some((e) => e.title === 'Joined a voice channel' && field(e, 'Channel') === `<#${hidden}>`), 'an ignored channel is not logged');
  });
});
