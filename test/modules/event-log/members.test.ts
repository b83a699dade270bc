// The event log's member category against the fake Discord: joins with the account's age, leaves
// with the roles they had, nickname, role and timeout changes, kicks, bans and unbans with the
// moderator and reason paired from GUILD_AUDIT_LOG_ENTRY_CREATE whichever comes first, ignore lists,
// logging off, and guilds kept apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLogEvent, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { BOT_TOKEN } from '../../support/bot.ts';
import { guildCreateData } from '../../support/fake-discord/payloads.ts';
import { generateSnowflake } from '../../support/fake-discord/snowflake.ts';
import { configure, embedsIn, eventLogOf, field, startLogWorld, waitForEmbed } from './world.ts';

const MODS = '900000000000000001';

test('member events', async (t) => {
  const world = await startLogWorld(t);
  const { fake, guild, admin, logChannels } = world;
  const log = eventLogOf(world);
  const channel = logChannels.member;
  const audit = (action: AuditLogEvent, targetId: string, reason: string, guildId = guild.id) =>
    fake.dispatchEvent(guildId, GatewayDispatchEvents.GuildAuditLogEntryCreate, { id: generateSnowflake(), guild_id: guildId, action_type: action, target_id: targetId, user_id: admin.id, reason, changes: [] }, GatewayIntentBits.GuildModeration);

  await t.test('with no member channel set, nothing is kept and nothing posted', async () => {
    const early = fake.createUser({ username: 'early' });
    fake.addMember(guild.id, early);
    await world.say('!ping');
    assert.equal(log.members.sizeOf(guild.id), 0);
    await configure(world, guild.id, { member_channel_id: channel });
    const late = fake.createUser({ username: 'late' });
    fake.addMember(guild.id, late);
    await waitForEmbed(world, channel, (e) => e.title === 'Member joined' && e.author?.name === `late (${late.id})`);
    assert.ok(!embedsIn(world, channel).some((e) => e.author?.name?.startsWith('early')), 'the join from before logging was not logged');
  });

  await t.test('a join shows the account age and flags an account younger than a week (every fake account is)', async () => {
    const fresh = fake.createUser({ username: 'fresh' });
    fake.addMember(guild.id, fresh);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Member joined' && e.author?.name === `fresh (${fresh.id})`);
    assert.match(field(embed, 'Account created') ?? '', /^<t:\d+:R>$/);
    assert.match(embed.description ?? '', /New account/);
  });

  await t.test('nickname, roles and timeout changes show before and after, with the moderator from the audit log', async () => {
    const user = fake.createUser({ username: 'carol' });
    fake.addMember(guild.id, user);
    await waitForEmbed(world, channel, (e) => e.title === 'Member joined' && e.author?.name === `carol (${user.id})`);
    fake.updateMember(guild.id, user.id, { nick: 'Caz' });
    const nick = await waitForEmbed(world, channel, (e) => e.title === 'Nickname changed');
    assert.equal(field(nick.embed, 'Before'), '*(none)*');
    assert.equal(field(nick.embed, 'After'), 'Caz');
    audit(AuditLogEvent.MemberRoleUpdate, user.id, 'trusted now');
    fake.updateMember(guild.id, user.id, { roles: [MODS] });
    const roles = await waitForEmbed(world, channel, (e) => e.title === 'Roles changed');
    assert.equal(field(roles.embed, 'Added'), `<@&${MODS}>`);
    assert.equal(field(roles.embed, 'By'), `<@${admin.id}>`);
    assert.equal(field(roles.embed, 'Reason'), 'trusted now');
    fake.updateMember(guild.id, user.id, { communication_disabled_until: new Date(Date.now() + 3_600_000).toISOString() });
    audit(AuditLogEvent.MemberUpdate, user.id, 'spam');
    const timeout = await waitForEmbed(world, channel, (e) => e.title === 'Timeout changed');
    assert.match(field(timeout.embed, 'Until') ?? '', /^<t:\d+:R>$/);
    assert.equal(field(timeout.embed, 'Reason'), 'spam');
  });

  await t.test('a leave shows the roles they had; a kick names the moderator', async () => {
    const leaver = fake.createUser({ username: 'leaver' });
    fake.addMember(guild.id, leaver, { roles: [MODS] });
    await waitForEmbed(world, channel, (e) => e.author?.name === `leaver (${leaver.id})`);
    fake.removeMember(guild.id, leaver.id);
    const left = await waitForEmbed(world, channel, (e) => e.title === 'Member left' && e.author?.name === `leaver (${leaver.id})`);
    assert.equal(field(left.embed, 'Roles'), `<@&${MODS}>`);
    const kicked = fake.createUser({ username: 'kicked' });
    fake.addMember(guild.id, kicked);
    await waitForEmbed(world, channel, (e) => e.author?.name === `kicked (${kicked.id})`);
    fake.removeMember(guild.id, kicked.id);
    audit(AuditLogEvent.MemberKick, kicked.id, 'rude');
    const kick = await waitForEmbed(world, channel, (e) => e.title === 'Member kicked');
    assert.equal(field(kick.embed, 'By'), `<@${admin.id}>`);
    assert.equal(field(kick.embed, 'Reason'), 'rude');
  });

  for (const order of ['audit entry first', 'ban first'] as const) {
    await t.test(`a ban is paired with its audit entry (${order}); an unban too`, async () => {
      const user = fake.createUser({ username: `banned-${order.split(' ')[0]}` });
      const ban = () => fake.dispatchEvent(guild.id, GatewayDispatchEvents.GuildBanAdd, { guild_id: guild.id, user }, GatewayIntentBits.GuildModeration);
      if (order === 'audit entry first') {
        audit(AuditLogEvent.MemberBanAdd, user.id, `reason ${order}`);
        ban();
      } else {
        ban();
        audit(AuditLogEvent.MemberBanAdd, user.id, `reason ${order}`);
      }
      const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Member banned' && e.author?.name === `${user.username} (${user.id})`);
      assert.equal(field(embed, 'By'), `<@${admin.id}>`);
      assert.equal(field(embed, 'Reason'), `reason ${order}`);
      fake.dispatchEvent(guild.id, GatewayDispatchEvents.GuildBanRemove, { guild_id: guild.id, user }, GatewayIntentBits.GuildModeration);
      const unban = await waitForEmbed(world, channel, (e) => e.title === 'Member unbanned' && e.author?.name === `${user.username} (${user.id})`);
      assert.equal(field(unban.embed, 'By'), 'unknown (no audit-log entry came)');
    });
  }

  await t.test('a ban through Discord’s REST API is logged with the audit entry Discord sends after it', async () => {
    // A server where the bot may ban: its role has Ban Members and sits above the member's.
    const user = fake.createUser({ username: 'rest-banned' });
    const banning = fake.addGuild({
      name: 'Banning',
      owner_id: admin.id,
      channels: [{ name: 'member-log' }],
      roles: [{ id: '920000000000000001', name: 'Concord', permissions: PermissionFlagsBits.BanMembers }],
      members: [{ user: admin }, { user }],
      botRoles: ['920000000000000001'],
    });
    const theirLog = banning.channels[0]?.id ?? '';
    await configure(world, banning.id, { member_channel_id: theirLog });
    const res = await fetch(`${fake.apiUrl}/v10/guilds/${banning.id}/bans/${user.id}`, { method: 'PUT', headers: { authorization: `Bot ${BOT_TOKEN}`, 'x-audit-log-reason': encodeURIComponent('raid account') } });
    assert.equal(res.status, 204, await res.text());
    const { embed } = await waitForEmbed(world, theirLog, (e) => e.title === 'Member banned');
    assert.equal(field(embed, 'Reason'), 'raid account');
    assert.equal(field(embed, 'By'), `<@${fake.botUser.id}>`);
    assert.ok(!embedsIn(world, channel).some((e) => e.author?.name?.startsWith('rest-banned')), 'not in the other guild’s log');
  });

  await t.test('an audit entry of another guild is not paired with this guild’s ban', async () => {
    const other = fake.addGuild({ name: 'Other', owner_id: admin.id, members: [{ user: admin }] });
    const user = fake.createUser({ username: 'crossed' });
    audit(AuditLogEvent.MemberBanAdd, user.id, 'elsewhere', other.id);
    fake.dispatchEvent(guild.id, GatewayDispatchEvents.GuildBanAdd, { guild_id: guild.id, user }, GatewayIntentBits.GuildModeration);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Member banned' && e.author?.name === `crossed (${user.id})`);
    assert.equal(field(embed, 'Reason'), undefined);
  });

  await t.test('a member Discord listed at GUILD_CREATE leaves with the roles they had', async () => {
    // A role given while Concord was away: no GUILD_MEMBER_UPDATE, only the next GUILD_CREATE tells.
    const bob = fake.member(guild.id, world.member.id);
    assert.ok(bob);
    bob.roles = [MODS];
    fake.dispatchEvent(guild.id, GatewayDispatchEvents.GuildCreate, guildCreateData(guild), GatewayIntentBits.Guilds);
    await world.say('!ping');
    fake.removeMember(guild.id, world.member.id);
    const { embed } = await waitForEmbed(world, channel, (e) => e.title === 'Member left' && e.author?.name === `bob (${world.member.id})`);
    assert.equal(field(embed, 'Roles'), `<@&${MODS}>`);
  });

  await t.test('a channel of another guild is refused, naming the setting', async () => {
    const other = fake.addGuild({ name: 'Elsewhere', channels: [{ name: 'their-log' }], members: [{ user: admin }] });
    const theirs = other.channels[0]?.id ?? '';
    const list = await world.request('GET', `/api/guilds/${guild.id}/modules`);
    const version = (list.body.items as { name: string; version: number }[]).find((m) => m.name === 'event-log')?.version;
    for (const settings of [{ member_channel_id: theirs }, { ignored_channel_ids: [channel, theirs] }]) {
      const res = await world.request('PATCH', `/api/guilds/${guild.id}/modules/event-log`, { version, settings });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.match(JSON.stringify(res.body), new RegExp(Object.keys(settings)[0] ?? ''));
    }
  });

  await t.test('members holding an ignored role, and bots, are not logged', async () => {
    await configure(world, guild.id, { ignored_role_ids: [MODS] });
    const quiet = fake.createUser({ username: 'quiet' });
    fake.addMember(guild.id, quiet, { roles: [MODS] });
    const bot = fake.createUser({ username: 'helperbot', bot: true });
    fake.addMember(guild.id, bot);
    const marker = fake.createUser({ username: 'marker' });
    fake.addMember(guild.id, marker);
    await waitForEmbed(world, channel, (e) => e.author?.name === `marker (${marker.id})`);
    assert.ok(!embedsIn(world, channel).some((e) => e.author?.name?.startsWith('quiet') || e.author?.name?.startsWith('helperbot')));
  });
});
