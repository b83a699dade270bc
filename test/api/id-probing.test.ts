// Ids cannot be probed: to a caller who may not manage its guild, another guild's thing answers on
// every `/:id` route exactly as a missing one does (404, same code, same words), and is left unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertSchedule } from '../../src/modules/reminders/schedule-queries.ts';
import { request, startTestApp } from '../support/app.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

const MANAGED = '300000000000000001';
const FOREIGN = '300000000000000004';
const MISSING = '999999999999999999';

/** Every `/:id` route; `deleted` routes act on a deleted command; a `menu` is asked for under the caller's guild. */
const ROUTES: { method: string; path: string; kind: 'command' | 'deleted' | 'schedule' | 'menu'; body?: unknown }[] = [
  { method: 'GET', path: '/api/commands/:id', kind: 'command' },
  { method: 'PATCH', path: '/api/commands/:id', kind: 'command', body: { enabled: false } },
  { method: 'DELETE', path: '/api/commands/:id', kind: 'command' },
  { method: 'POST', path: '/api/commands/:id/restore', kind: 'deleted' },
  { method: 'GET', path: '/api/commands/:id/versions', kind: 'command' },
  { method: 'POST', path: '/api/commands/:id/versions/:version/restore', kind: 'command' },
  { method: 'GET', path: '/api/commands/:id/stats', kind: 'command' },
  { method: 'POST', path: '/api/commands/:id/preview', kind: 'command', body: { user_id: '500000000000000001' } },
  { method: 'GET', path: '/api/schedules/:id', kind: 'schedule' },
  { method: 'DELETE', path: '/api/schedules/:id', kind: 'schedule' },
  { method: 'GET', path: '/api/guilds/:guild_id/role-menus/:id', kind: 'menu' },
  { method: 'PATCH', path: '/api/guilds/:guild_id/role-menus/:id', kind: 'menu', body: { content: 'mine now' } },
  { method: 'DELETE', path: '/api/guilds/:guild_id/role-menus/:id', kind: 'menu' },
];
/** Routes with an id that look nothing up for a non-admin: the same 403 for every id. */
const GLOBAL_ADMIN_ONLY = ['POST /api/errors/{id}/resolve'];

test('another guild\'s id answers as a missing one on every /:id route', async (t) => {
  const fake = await startFakeDiscord({ token: 'fake-bot-token' });
  t.after(() => fake.close());
  const app = await startTestApp(t, { env: loginEnv(fake) });
  const user = fake.createUser({ username: 'mod' });
  const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: MANAGED, name: 'Managed', permissions: PERMISSIONS.manageGuild }] });
  const asMod = (method: string, path: string, body?: unknown) => request(app.url, method, path, body, { cookie, ...(method === 'GET' ? {} : { origin: app.url }) });

  const foreign = (await app.request('POST', '/api/commands', { guild_id: FOREIGN, name: 'theirs', response: 'hi' })).body;
  const global = (await app.request('POST', '/api/commands', { name: 'everywhere', response: 'hi' })).body;
  const gone = (await app.request('POST', '/api/commands', { guild_id: FOREIGN, name: 'gone', response: 'bye' })).body;
  assert.equal((await app.request('DELETE', `/api/commands/${gone.id}`)).status, 204);
  const schedule = await insertSchedule(app.db.sql, { guild_id: FOREIGN, channel_id: '600000000000000001', content: 'x', cron: null, time_zone: 'UTC', due_at: new Date(Date.now() + 86_400_000), created_by: null });
  const own = (await asMod('POST', '/api/commands', { guild_id: MANAGED, name: 'mine', response: 'hi' })).body;
  // Another guild's menu, as the role-menus module keeps it (posting it would need that guild's roles).
  const [menu] = await app.db.sql.unsafe(
    `insert into ${app.db.schema}_mod_role_menus.menus (guild_id, channel_id, content, style, mode, options) values ($1, '600000000000000001', 'theirs', 'buttons', 'toggle', '[]') returning id::text`,
    [FOREIGN],
  );
  const ids = { command: [foreign.id, global.id], deleted: [gone.id], schedule: [schedule.id], menu: [String(menu?.id)] };

  const documented = Object.entries((await app.request('GET', '/api/openapi.json')).body.paths as Record<string, object>)
    .filter(([path]) => path.includes('{id}'))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
  const covered = ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  assert.deepEqual([...documented].sort(), [...covered, ...GLOBAL_ADMIN_ONLY].sort(), 'the table covers every /:id route');

  for (const route of ROUTES) {
    const at = (id: string) => route.path.replace(':guild_id', MANAGED).replace(':id', id).replace(':version', '1');
    const missing = await asMod(route.method, at(MISSING), route.body);
    assert.equal(missing.status, 404, `${route.method} ${at(MISSING)}`);
    for (const id of ids[route.kind]) {
      const hidden = await asMod(route.method, at(id), route.body);
      const name = `${route.method} ${route.path} with another guild's id`;
      assert.equal(hidden.status, 404, name);
      assert.equal(hidden.headers.get('content-type'), 'application/problem+json', name);
      assert.equal(hidden.body.code, missing.body.code, name);
      assert.equal(hidden.body.detail.replace(id, MISSING), missing.body.detail, name);
    }
  }

  assert.equal((await app.request('GET', `/api/commands/${foreign.id}`)).body.enabled, true, 'the PATCH changed nothing');
  assert.equal((await app.request('GET', `/api/schedules/${schedule.id}`)).status, 200, 'the token still sees everything; the DELETE removed nothing');
  assert.equal((await app.request('GET', `/api/commands?guild_id=${FOREIGN}&deleted=true`)).body.items.length, 1, 'the restore restored nothing');
  assert.equal((await asMod('GET', `/api/commands/${own.id}/stats`)).status, 200, 'the own guild still answers');
  assert.equal((await app.request('GET', `/api/guilds/${FOREIGN}/role-menus/${menu?.id}`)).body.content, 'theirs', "the menu's PATCH and DELETE changed nothing");
});
