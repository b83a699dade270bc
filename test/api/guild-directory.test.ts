// /api/guilds/:guild_id/channels, /roles and /members: names from Discord (the fake one), cached,
// behind the same guild access rule as the rest of the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, startTestApp } from '../support/app.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

test('the guild directory', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const ada = fake.createUser({ username: 'ada', global_name: 'Ada Lovelace' });
  const bob = fake.createUser({ username: 'bob' });
  const gone = fake.createUser({ username: 'gone' });
  const guild = fake.addGuild({
    name: 'Engines',
    channels: [{ name: 'general' }, { name: 'announcements' }],
    roles: [{ name: 'Moderator', color: 0x3498db }, { name: 'Member' }],
    members: [{ user: ada }, { user: bob, nick: 'Bobby' }],
  });
  const other = fake.addGuild({ name: 'Other', channels: [{ name: 'secret' }] });
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, ...loginEnv(fake) } });
  const base = `/api/guilds/${guild.id}`;

  await t.test('channels in order, roles highest first with their colour', async () => {
    const channels = await app.request('GET', `${base}/channels`);
    assert.equal(channels.status, 200);
    assert.deepEqual(
      channels.body.items.map((c: { name: string; type: string }) => `${c.name}:${c.type}`),
      ['general:text', 'announcements:text'],
    );
    const roles = await app.request('GET', `${base}/roles`);
    assert.deepEqual(
      roles.body.items.map((r: { name: string; color: string | null }) => [r.name, r.color]),
      [['Member', null], ['Moderator', '#3498db'], ['@everyone', null]],
    );
  });

  await t.test('members by the start of a name, and by ids; one who left is left out', async () => {
    const found = await app.request('GET', `${base}/members?query=bo`);
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.items, [{ id: bob.id, name: 'Bobby', username: 'bob', avatar_url: null, bot: false }]);
    const byName = await app.request('GET', `${base}/members?query=ADA`);
    assert.deepEqual(byName.body.items.map((m: { name: string }) => m.name), ['Ada Lovelace']);
    const byIds = await app.request('GET', `${base}/members?ids=${ada.id},${gone.id},${bob.id}`);
    assert.deepEqual(byIds.body.items.map((m: { name: string }) => m.name).sort(), ['Ada Lovelace', 'Bobby']);
  });

  await t.test('a bad query is a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['', 'query.query'],
      ['?query=a&ids=123456789012345678', 'query.query'],
      ['?ids=abc', 'query.ids.0'],
      ['?query=a&limit=0', 'query.limit'],
      ['?query=', 'query.query'],
    ];
    for (const [suffix, field] of cases) {
      const res = await app.request('GET', `${base}/members${suffix}`);
      assert.equal(res.status, 400, suffix);
      assert.equal(res.body.errors[0].field, field, suffix);
    }
    assert.equal((await app.request('GET', '/api/guilds/abc/roles')).status, 404);
  });

  await t.test('a guild the bot is not in is a 404 that says so', async () => {
    const res = await app.request('GET', '/api/guilds/123456789012345678/channels');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'BOT_NOT_IN_GUILD');
  });

  await t.test('answers are cached: a second read does not ask Discord again', async () => {
    const before = fake.requests.filter((r) => r.path.endsWith(`/guilds/${guild.id}/roles`)).length;
    assert.ok(before >= 1, 'the first read asked Discord');
    await app.request('GET', `${base}/roles`);
    await app.request('GET', `${base}/roles`);
    assert.equal(fake.requests.filter((r) => r.path.endsWith(`/guilds/${guild.id}/roles`)).length, before);
  });

  await t.test('a dashboard user sees the guilds they manage, and no other', async () => {
    const { cookie } = await loginAs(app.url, fake, { user: ada, guilds: [{ id: guild.id, name: 'Engines', permissions: PERMISSIONS.manageGuild }] });
    const mine = await request(app.url, 'GET', `${base}/channels`, undefined, { cookie });
    assert.equal(mine.status, 200);
    const theirs = await request(app.url, 'GET', `/api/guilds/${other.id}/channels`, undefined, { cookie });
    assert.equal(theirs.status, 403);
  });

  await t.test('GET /api/guilds says where the bot is, and links an invite for the other servers', async () => {
    const elsewhere = '123456789012345678';
    const { cookie } = await loginAs(app.url, fake, {
      user: ada,
      guilds: [
        { id: guild.id, name: 'Engines', permissions: PERMISSIONS.manageGuild },
        { id: elsewhere, name: 'No bot here', permissions: PERMISSIONS.administrator },
      ],
    });
    const res = await request(app.url, 'GET', '/api/guilds', undefined, { cookie });
    assert.equal(res.status, 200);
    const [mine, theirs] = res.body.items;
    assert.deepEqual(mine, { id: guild.id, name: 'Engines', icon_url: null, has_bot: true, invite_url: null });
    assert.equal(theirs.has_bot, false);
    const invite = new URL(theirs.invite_url);
    assert.equal(`${invite.origin}${invite.pathname}`, `${fake.origin}/oauth2/authorize`);
    assert.equal(invite.searchParams.get('client_id'), fake.applicationId);
    assert.equal(invite.searchParams.get('guild_id'), elsewhere);
    assert.equal(invite.searchParams.get('scope'), 'bot applications.commands');
  });

  await t.test('without DISCORD_TOKEN the API says what to set', async (t) => {
    const bare = await startTestApp(t);
    const res = await bare.request('GET', `${base}/roles`);
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'DISCORD_NOT_CONFIGURED');
    // Where the bot is cannot be known: the dashboard then shows every server as before.
    assert.deepEqual((await bare.request('GET', '/api/guilds')).body, { items: [] });
  });

  await t.test('the routes are in the OpenAPI document', async () => {
    const doc = await app.request('GET', '/api/openapi.json');
    for (const path of ['/api/guilds/{guild_id}/channels', '/api/guilds/{guild_id}/roles', '/api/guilds/{guild_id}/members']) assert.ok(doc.body.paths[path], path);
  });
});
