// Who may change who has dashboard access: the server's owner, members with Manage Server or
// Administrator, and global admins. A member whose edit access comes from a dashboard role may edit
// everything else but not the roles (403 naming the field), and @everyone is never an edit role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, startTestApp } from '../../support/app.ts';
import { BOT_TOKEN } from '../../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../../support/dashboard-login.ts';
import { startFakeDiscord } from '../../support/fake-discord/index.ts';

const VIEWERS = '940000000000000001';
const EDITORS = '940000000000000002';
const MANAGERS = '940000000000000003';
const ADMINS = '940000000000000004';
const OTHERS = '940000000000000005';

test('only those who manage the server change its dashboard roles', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const [owner, manager, administrator, editor, globalAdmin] = ['owner', 'manager', 'administrator', 'editor', 'global'].map((username) => fake.createUser({ username }));
  if (!owner || !manager || !administrator || !editor || !globalAdmin) throw new Error('users');
  const guild = fake.addGuild({
    name: 'Engines',
    owner_id: owner.id,
    channels: [{ name: 'general' }],
    roles: [
      { id: VIEWERS, name: 'Viewers' },
      { id: EDITORS, name: 'Editors' },
      { id: MANAGERS, name: 'Managers', permissions: PERMISSIONS.manageGuild },
      { id: ADMINS, name: 'Admins', permissions: PERMISSIONS.administrator },
      { id: OTHERS, name: 'Others' },
    ],
    members: [{ user: owner }, { user: manager, roles: [MANAGERS] }, { user: administrator, roles: [ADMINS] }, { user: editor, roles: [EDITORS] }, { user: globalAdmin }],
  });
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, ADMIN_USER_IDS: globalAdmin.id, ...loginEnv(fake) } });
  const settings = `/api/guilds/${guild.id}/settings`;
  const version = async () => (await app.request('GET', settings)).body.version as number;
  assert.equal((await app.request('PATCH', settings, { version: 0, viewer_role_ids: [VIEWERS], editor_role_ids: [EDITORS] })).status, 200);
  const login = async (user: typeof owner, guildAtLogin: { permissions: string; owner?: boolean }) => {
    const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: guild.id, name: 'Engines', ...guildAtLogin }] });
    return (body: Record<string, unknown>) => request(app.url, 'PATCH', settings, body, { cookie, origin: app.url });
  };
  const asEditor = await login(editor, { permissions: PERMISSIONS.none });

  await t.test('an edit role may not change viewer_role_ids or editor_role_ids: 403 naming the field, nothing written', async () => {
    const before = await version();
    for (const [field, ids] of [
      ['editor_role_ids', [EDITORS, OTHERS]],
      ['viewer_role_ids', []],
    ] as const) {
      const res = await asEditor({ version: before, [field]: ids });
      assert.equal(res.status, 403, field);
      assert.equal(res.body.code, 'ACCESS_ROLES_FORBIDDEN');
      assert.deepEqual(
        res.body.errors.map((e: { field: string }) => e.field),
        [field],
      );
      assert.match(res.body.detail, new RegExp(`^${field}: only the server's owner, members with Manage Server or Administrator, and global admins`));
    }
    const both = await asEditor({ version: before, viewer_role_ids: [OTHERS], editor_role_ids: [OTHERS] });
    assert.deepEqual(
      both.body.errors.map((e: { field: string }) => e.field),
      ['viewer_role_ids', 'editor_role_ids'],
    );
    assert.equal(await version(), before, 'nothing was written');
    const now = (await app.request('GET', settings)).body;
    assert.deepEqual([now.viewer_role_ids, now.editor_role_ids], [[VIEWERS], [EDITORS]]);
  });

  await t.test('an edit role still changes the other settings, and may send the roles back as they are', async () => {
    const res = await asEditor({ version: await version(), prefix: '?', editor_role_ids: [EDITORS], viewer_role_ids: [VIEWERS] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.prefix, '?');
  });

  await t.test('the owner, Manage Server, Administrator, a global admin and the API token may change them', async () => {
    const changers: [string, (body: Record<string, unknown>) => Promise<{ status: number; body: unknown }>][] = [
      ['owner', await login(owner, { permissions: PERMISSIONS.none, owner: true })],
      ['Manage Server', await login(manager, { permissions: PERMISSIONS.manageGuild })],
      ['Administrator', await login(administrator, { permissions: PERMISSIONS.administrator })],
      ['global admin', await login(globalAdmin, { permissions: PERMISSIONS.none })],
      ['API token', (body) => app.request('PATCH', settings, body)],
    ];
    for (const [who, patch] of changers) {
      const res = await patch({ version: await version(), editor_role_ids: [EDITORS, OTHERS] });
      assert.equal(res.status, 200, `${who}: ${JSON.stringify(res.body)}`);
      const back = await patch({ version: await version(), editor_role_ids: [EDITORS] });
      assert.equal(back.status, 200, who);
    }
  });

  await t.test('@everyone (the role whose id is the guild\'s) is refused as an edit role, even from the API token: 422 naming editor_role_ids', async () => {
    const before = await version();
    const res = await app.request('PATCH', settings, { version: before, editor_role_ids: [EDITORS, guild.id] });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'EVERYONE_CANNOT_EDIT');
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      ['editor_role_ids'],
    );
    assert.equal(await version(), before);
    // Looking is another matter: everyone may be given read-only access.
    assert.equal((await app.request('PATCH', settings, { version: before, viewer_role_ids: [guild.id] })).status, 200);
  });
});
