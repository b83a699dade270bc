// Dashboard access by current roles: Manage Server from the member's roles now (not the guild list
// read at login), read-only and edit roles from the guild's settings, everyone else 403; a role
// removed at Discord takes effect once the directory's copy (a minute) is older, here by a moved clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, startTestApp } from '../../support/app.ts';
import { BOT_TOKEN } from '../../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../../support/dashboard-login.ts';
import { startFakeDiscord } from '../../support/fake-discord/index.ts';
import { createMovedClock } from '../../support/moved-clock.ts';

const VIEWERS = '930000000000000001';
const EDITORS = '930000000000000002';
const MODS = '930000000000000003';

test('dashboard access follows the current roles', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const [owner, boss, viewer, editor, nobody] = ['owner', 'boss', 'vera', 'ed', 'nobody'].map((username) => fake.createUser({ username }));
  if (!owner || !boss || !viewer || !editor || !nobody) throw new Error('users');
  const guild = fake.addGuild({
    name: 'Engines',
    owner_id: owner.id,
    channels: [{ name: 'general' }],
    roles: [
      { id: VIEWERS, name: 'Viewers' },
      { id: EDITORS, name: 'Editors' },
      { id: MODS, name: 'Mods', permissions: String(1n << 5n) },
    ],
    members: [{ user: owner }, { user: boss, roles: [MODS] }, { user: viewer, roles: [VIEWERS] }, { user: editor, roles: [EDITORS] }, { user: nobody }],
  });
  const clock = createMovedClock();
  const app = await startTestApp(t, { clock, env: { DISCORD_TOKEN: BOT_TOKEN, ...loginEnv(fake) } });
  const settings = `/api/guilds/${guild.id}/settings`;
  assert.equal((await app.request('PATCH', settings, { version: 0, viewer_role_ids: [VIEWERS], editor_role_ids: [EDITORS] })).status, 200);
  const command = (await app.request('POST', '/api/commands', { guild_id: guild.id, name: 'rules', response: 'Be kind' })).body;
  // What Discord's /users/@me/guilds says at login: Manage Server for the boss only.
  const login = async (user: typeof boss, permissions = PERMISSIONS.none) => {
    const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: guild.id, name: 'Engines', permissions }] });
    return {
      get: (path: string) => request(app.url, 'GET', path, undefined, { cookie }),
      send: (method: string, path: string, body?: unknown) => request(app.url, method, path, body, { cookie, origin: app.url }),
    };
  };
  const asBoss = await login(boss, PERMISSIONS.manageGuild);
  const asViewer = await login(viewer);
  const asEditor = await login(editor);
  const asNobody = await login(nobody);

  await t.test('/api/me lists each guild with what the user may do there', async () => {
    const access = async (as: typeof asBoss) => (await as.get('/api/me')).body.guilds.map((g: { id: string; access: string }) => `${g.id}:${g.access}`);
    assert.deepEqual(await access(asBoss), [`${guild.id}:edit`]);
    assert.deepEqual(await access(asViewer), [`${guild.id}:read`]);
    assert.deepEqual(await access(asEditor), [`${guild.id}:edit`]);
    assert.deepEqual(await access(asNobody), []);
  });

  await t.test('a read-only role may read the pages and GETs, and gets 403 for every change', async () => {
    for (const path of [settings, `/api/commands?guild_id=${guild.id}`, `/api/commands/${command.id}`, `/api/logs?guild_id=${guild.id}`, `/api/guilds/${guild.id}/roles`]) {
      assert.equal((await asViewer.get(path)).status, 200, path);
    }
    const changes: [string, string, unknown][] = [
      ['PATCH', settings, { version: 1, prefix: '?' }],
      ['POST', '/api/commands', { guild_id: guild.id, name: 'mine', response: 'x' }],
      ['PATCH', `/api/commands/${command.id}`, { response: 'changed' }],
      ['DELETE', `/api/commands/${command.id}`, undefined],
    ];
    for (const [method, path, body] of changes) {
      const res = await asViewer.send(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.code, 'GUILD_READ_ONLY', `${method} ${path}`);
    }
    assert.equal((await app.request('GET', `/api/commands/${command.id}`)).body.response, 'Be kind');
  });

  await t.test('an edit role may change things; without Manage Server or a role: 403', async () => {
    assert.equal((await asEditor.send('PATCH', settings, { version: 1, prefix: '?' })).status, 200);
    assert.equal((await asEditor.send('PATCH', `/api/commands/${command.id}`, { response: 'Be kinder' })).status, 200);
    assert.equal((await asNobody.get(settings)).status, 403);
    assert.equal((await asNobody.get(`/api/commands/${command.id}`)).status, 404, 'a command of a guild one cannot see is not found');
  });

  await t.test('a role or permission removed at Discord takes effect once the cached copy is a minute old', async () => {
    const member = (user: typeof boss) => guild.members.find((m) => m.user.id === user.id);
    const viewing = member(viewer);
    const managing = member(boss);
    if (!viewing || !managing) throw new Error('members');
    viewing.roles = [];
    managing.roles = [];
    // Within the minute the copy read before still counts.
    assert.equal((await asViewer.get(settings)).status, 200);
    assert.equal((await asBoss.send('PATCH', settings, { version: 2, prefix: '!' })).status, 200);
    clock.advance(61_000);
    assert.equal((await asViewer.get(settings)).status, 403);
    const boss403 = await asBoss.send('PATCH', settings, { version: 3, prefix: '$' });
    assert.equal(boss403.status, 403, 'Manage Server at login no longer counts');
    assert.deepEqual((await asBoss.get('/api/me')).body.guilds, []);
    // And a role given back counts again after the same time.
    viewing.roles = [VIEWERS];
    clock.advance(61_000);
    assert.equal((await asViewer.get(settings)).status, 200);
  });
});
