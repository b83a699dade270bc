// The bot keeps each server's settings: a prefix changed in one guild answers there at once and
// nowhere else, a turned-off built-in says so, `/settings` changes them from Discord (Manage Server),
// the guild's zone is the default of reminders and schedules, and a split bot hears every change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIUser } from 'discord-api-types/v10';
import { startTestApp } from '../../support/app.ts';
import { startFakeWorld } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { onTeardown } from '../../support/teardown.ts';

test('server settings in the bot', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake, guild, channelId, admin, member } = world;
  const other = fake.addGuild({ name: 'Other', channels: [{ name: 'lobby' }], members: [{ user: member }] });
  const otherChannel = other.channels[0]?.id ?? '';
  // A command cache of ten minutes: only the change itself can explain a fresh answer.
  const app = await startTestApp(t, { bot: true, env: { ...world.env, COMMAND_PREFIX: '!', COMMAND_CACHE_TTL_MS: '600000' } });
  const settingsOf = async (guildId: string) => (await app.request('GET', `/api/guilds/${guildId}/settings`)).body;
  const patch = async (guildId: string, changes: Record<string, unknown>) => {
    const res = await app.request('PATCH', `/api/guilds/${guildId}/settings`, { version: (await settingsOf(guildId)).version, ...changes });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const sayIn = async (channel: string, content: string, author: APIUser = member) => {
    const message = fake.sendMessage({ channel_id: channel, author, content });
    const reply = await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === message.id);
    return String(reply.body.content);
  };
  const slash = async (user: APIUser, options: unknown[]) => {
    const sent = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user, name: 'settings', options } as never);
    const reply = await fake.waitForInteractionReply(sent.id);
    return String((reply.body.data as { content: string }).content);
  };

  await t.test('a prefix changed in one guild answers there at once and nowhere else', async () => {
    assert.match(await sayIn(channelId, '!ping'), /^Pong!/);
    // Read before the change, so the bot holds the old settings in its cache.
    await patch(guild.id, { prefix: '?' });
    const old = fake.sendMessage({ channel_id: channelId, author: member, content: '!ping' });
    assert.match(await sayIn(channelId, '?ping'), /^Pong!/);
    assert.match(await sayIn(otherChannel, '!ping'), /^Pong!/, 'the other guild keeps the default');
    assert.equal(await sayIn(otherChannel, '?ping').catch(() => 'no answer'), 'no answer', 'nor does it take the new prefix');
    const answeredOld = fake.sentMessages.some((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === old.id);
    assert.equal(answeredOld, false, 'the old prefix no longer works in the guild that changed it');
    assert.match(await sayIn(channelId, '?help'), /`\?ping`/, 'help shows the guild\'s prefix');
  });

  await t.test('a turned-off built-in answers with a short line, and help leaves it out', async () => {
    await patch(guild.id, { disabled_commands: ['ping'] });
    assert.equal(await sayIn(channelId, '?ping'), '`?ping` is turned off in this server.');
    assert.doesNotMatch(await sayIn(channelId, '?help'), /`\?ping`/);
    assert.match(await sayIn(otherChannel, '!ping'), /^Pong!/, 'only in the guild that turned it off');
  });

  await t.test('/settings needs Manage Server, and changes the settings as the user who typed it', async () => {
    assert.match(await slash(member, [{ type: 1, name: 'show' }]), /Manage Server/);
    assert.match(await slash(admin, [{ type: 1, name: 'prefix', options: [{ type: 3, name: 'prefix', value: 'a b' }] }]), /prefix: must be 1-5 characters/);
    assert.match(await slash(admin, [{ type: 1, name: 'prefix', options: [{ type: 3, name: 'prefix', value: '$' }] }]), /start with `\$`/);
    assert.match(await sayIn(channelId, '$timezone'), /Your time zone is UTC/);
    assert.match(await slash(admin, [{ type: 1, name: 'command', options: [{ type: 3, name: 'name', value: 'ping' }, { type: 5, name: 'enabled', value: true }] }]), /`ping` is now on/);
    assert.match(await sayIn(channelId, '$ping'), /^Pong!/);
    assert.match(await slash(admin, [{ type: 1, name: 'command', options: [{ type: 3, name: 'name', value: 'settings' }, { type: 5, name: 'enabled', value: false }] }]), /cannot be turned off/);
    const mods = '900000000000000001';
    assert.match(await slash(admin, [{ type: 1, name: 'access', options: [{ type: 8, name: 'role', value: mods }, { type: 3, name: 'level', value: 'read' }] }]), /<@&900000000000000001> now has read-only dashboard access/);
    assert.match(await slash(admin, [{ type: 1, name: 'access', options: [{ type: 8, name: 'role', value: mods }, { type: 3, name: 'level', value: 'all' }] }]), /none, read or edit/);
    assert.match(await slash(admin, [{ type: 1, name: 'access', options: [{ type: 8, name: 'role', value: guild.id }, { type: 3, name: 'level', value: 'edit' }] }]), /@everyone cannot be an edit role/);
    const shown = await slash(admin, [{ type: 1, name: 'show' }]);
    assert.match(shown, /Prefix: `\$`/);
    assert.match(shown, /read-only: <@&900000000000000001>; may also change: none/);
    assert.deepEqual((await settingsOf(guild.id)).viewer_role_ids, [mods]);
    const audit = await app.request('GET', `/api/audit?guild_id=${guild.id}&entity=settings`);
    assert.deepEqual(
      audit.body.items.slice(0, 3).map((e: { source: string; actor_id: string }) => [e.source, e.actor_id]),
      [
        ['discord', admin.id],
        ['discord', admin.id],
        ['discord', admin.id],
      ],
    );
  });

  await t.test("reminders and schedules without a zone of their own use the guild's zone", async () => {
    assert.match(await slash(admin, [{ type: 1, name: 'timezone', options: [{ type: 3, name: 'zone', value: 'America/New_York' }] }]), /America\/New_York/);
    assert.match(await sayIn(channelId, '$remind every day 9am stretch'), /`0 9 \* \* \*`, America\/New_York/);
    const schedule = await app.request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'hi', cron: '0 9 * * *' });
    assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
    assert.equal(schedule.body.time_zone, 'America/New_York');
    const own = await app.request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'hi', cron: '0 9 * * *', time_zone: 'Asia/Tokyo' });
    assert.equal(own.body.time_zone, 'Asia/Tokyo', 'a zone of its own wins');
    // In the other guild nothing changed: UTC.
    const elsewhere = await sayIn(otherChannel, '!remind every day 9am stretch');
    assert.match(elsewhere, /`0 9 \* \* \*`, UTC/);
  });
});

test('a split bot without a database gets the settings and their changes from the API', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const api = await startTestApp(t);
  await startTestApp(t, { api: false, bot: true, db: api.db, env: { ...world.env, DATABASE_URL: '', API_URL: api.url, COMMAND_CACHE_TTL_MS: '600000' } });
  assert.match((await world.say('!ping')).content, /^Pong!/);
  const res = await api.request('PATCH', `/api/guilds/${world.guild.id}/settings`, { version: 0, prefix: '>>' });
  assert.equal(res.status, 200);
  // The change stream is the only way it can know: its cache lives ten minutes. Until it knows, `>>`
  // is no prefix and gets no answer at all, so each try waits a second, not the whole budget.
  await eventually(async () => assert.match((await world.say('>>ping', world.member, 1_000)).content, /^Pong!/), 10_000);
});
