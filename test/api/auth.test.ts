// Dashboard login through the fake Discord's OAuth2, sessions, and who may see what.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import { request, startTestApp } from '../support/app.ts';
import { cookiePair, loginAs, loginEnv, PERMISSIONS, startLogin } from '../support/dashboard-login.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';

const MANAGED = '300000000000000001';
const ADMINISTERED = '300000000000000002';
const OWNED = '300000000000000003';
const MEMBER_ONLY = '300000000000000004';
const ADMIN_ID = '400000000000000009';

async function setup(t: TestContext, env: Record<string, string> = {}) {
  const fake: FakeDiscord = await startFakeDiscord({ token: 'fake-bot-token' });
  t.after(() => fake.close());
  const app = await startTestApp(t, { env: { ...loginEnv(fake), ...env } });
  const user = fake.createUser({ username: 'mod', global_name: 'The Mod' });
  const grant = {
    user,
    guilds: [
      { id: MANAGED, name: 'Managed', permissions: PERMISSIONS.manageGuild },
      { id: ADMINISTERED, name: 'Administered', permissions: PERMISSIONS.administrator },
      { id: OWNED, name: 'Owned', permissions: PERMISSIONS.none, owner: true },
      { id: MEMBER_ONLY, name: 'Member only', permissions: PERMISSIONS.manageMessages },
    ],
  };
  return { fake, app, user, grant };
}

/** Calls the app as a browser on its own origin would, with the session cookie. */
function asBrowser(url: string, cookie: string) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(url, method, path, body, { cookie, ...(method === 'GET' ? {} : { origin: url }), ...headers });
}

test('login redirects to Discord with the scopes, the redirect and a state bound to the browser', async (t) => {
  const { app } = await setup(t);
  const res = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location') ?? '');
  assert.equal(location.searchParams.get('scope'), 'identify guilds');
  assert.equal(location.searchParams.get('response_type'), 'code');
  assert.equal(location.searchParams.get('redirect_uri'), `${app.url}/auth/callback`);
  const stateCookie = res.headers.getSetCookie().find((c) => c.startsWith('concord_oauth_state=')) ?? '';
  assert.equal(stateCookie.split(';')[0], `concord_oauth_state=${location.searchParams.get('state')}`);
  assert.match(stateCookie, /HttpOnly/);
  assert.match(stateCookie, /SameSite=Lax/);
  assert.match(stateCookie, /Path=\/auth/);
});

test('the callback starts a session: an HttpOnly cookie whose id is stored only as a hash', async (t) => {
  const { fake, app, grant } = await setup(t);
  const { cookie, setCookie, callback } = await loginAs(app.url, fake, grant);
  assert.equal(callback.headers.get('location'), `${app.url}/`);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.doesNotMatch(setCookie, /Secure/, 'plain http: no Secure flag');
  assert.match(setCookie, /Max-Age=86400/, 'SESSION_TTL_HOURS defaults to 24');
  assert.match(cookiePair(callback, 'concord_oauth_state') ?? '', /^concord_oauth_state=$/, 'the state cookie is cleared');

  const id = cookie.split('=')[1] ?? '';
  const rows = await app.db.sql<{ id_hash: string; user_id: string }[]>`select id_hash, user_id from sessions`;
  assert.deepEqual([...rows], [{ id_hash: createHash('sha256').update(id).digest('hex'), user_id: grant.user.id }]);
});

test('/api/me lists only the guilds with Manage Server, Administrator or ownership', async (t) => {
  const { fake, app, grant } = await setup(t);
  const { cookie } = await loginAs(app.url, fake, grant);
  const me = await asBrowser(app.url, cookie)('GET', '/api/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.kind, 'session');
  assert.deepEqual(me.body.user, { id: grant.user.id, name: 'The Mod', avatar_url: null });
  assert.equal(me.body.is_global_admin, false);
  assert.deepEqual(me.body.guilds.map((g: { id: string }) => g.id), [MANAGED, ADMINISTERED, OWNED]);

  const token = await app.request('GET', '/api/me');
  assert.deepEqual(token.body, { kind: 'token', user: null, is_global_admin: true, guilds: [] });
  const anonymous = await request(app.url, 'GET', '/api/me');
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.code, 'LOGIN_REQUIRED');
});

test('a session user manages only their guilds; anything else is 403 problem+json', async (t) => {
  const { fake, app, grant } = await setup(t);
  const { cookie } = await loginAs(app.url, fake, grant);
  const api = asBrowser(app.url, cookie);
  const global = await app.request('POST', '/api/commands', { name: 'everywhere', response: 'hi' });
  const foreign = await app.request('POST', '/api/commands', { guild_id: MEMBER_ONLY, name: 'theirs', response: 'hi' });

  const created = await api('POST', '/api/commands', { guild_id: MANAGED, name: 'hello', response: 'Hi {user}', created_by: 'someone' });
  assert.equal(created.status, 201);
  assert.equal(created.body.created_by, grant.user.id, 'created_by is the session user');
  assert.equal((await api('GET', `/api/commands?guild_id=${MANAGED}`)).body.items.length, 1);
  assert.equal((await api('PATCH', `/api/commands/${created.body.id}`, { enabled: false })).status, 200);
  assert.equal((await api('GET', `/api/logs?guild_id=${ADMINISTERED}`)).status, 200);
  assert.equal((await api('GET', `/api/data?guild_id=${OWNED}`)).status, 200);

  const forbidden: [string, string, unknown?][] = [
    ['GET', `/api/commands?guild_id=${MEMBER_ONLY}`],
    ['GET', '/api/commands'],
    ['GET', '/api/commands?guild_id=global'],
    ['POST', '/api/commands', { guild_id: MEMBER_ONLY, name: 'x', response: 'y' }],
    ['POST', '/api/commands', { name: 'x', response: 'y' }],
    ['GET', `/api/logs?guild_id=${MEMBER_ONLY}`],
    ['GET', '/api/logs'],
    ['GET', `/api/data?guild_id=${MEMBER_ONLY}`],
    ['GET', '/api/data'],
    ['POST', '/api/logs', { items: [] }],
    ['DELETE', `/api/users/${grant.user.id}/sessions`],
  ];
  for (const [method, path, body] of forbidden) {
    const res = await api(method, path, body);
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.equal(res.headers.get('content-type'), 'application/problem+json', `${method} ${path}`);
  }
  // Another guild's command by id is a 404, as a missing one (test/api/id-probing.test.ts).
  for (const id of [global.body.id, foreign.body.id]) assert.equal((await api('GET', `/api/commands/${id}`)).status, 404);
  assert.equal((await app.request('GET', `/api/commands/${foreign.body.id}`)).status, 200, 'the token still sees everything');
});

test('a global admin (ADMIN_USER_IDS) may act on every guild and on global commands', async (t) => {
  const { fake, app, grant } = await setup(t, { ADMIN_USER_IDS: ADMIN_ID });
  const admin = { ...grant, user: { ...grant.user, id: ADMIN_ID }, guilds: [] };
  const { cookie } = await loginAs(app.url, fake, admin);
  const api = asBrowser(app.url, cookie);
  assert.equal((await api('GET', '/api/me')).body.is_global_admin, true);
  assert.equal((await api('POST', '/api/commands', { name: 'global', response: 'hi' })).status, 201);
  assert.equal((await api('GET', '/api/commands')).status, 200);
  assert.equal((await api('GET', `/api/logs?guild_id=${MEMBER_ONLY}`)).status, 200);
});

test('a change with the session cookie must come from the dashboard origin (CSRF)', async (t) => {
  const { fake, app, grant } = await setup(t);
  const { cookie } = await loginAs(app.url, fake, grant);
  const body = { guild_id: MANAGED, name: 'csrf', response: 'x' };
  const cases: [string, Record<string, string>, number][] = [
    ['another origin', { origin: 'https://evil.example' }, 403],
    ['no Origin, cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
    ['no Origin at all', {}, 403],
    ['no Origin, same-origin fetch', { 'sec-fetch-site': 'same-origin' }, 201],
  ];
  for (const [name, headers, status] of cases) {
    const res = await request(app.url, 'POST', '/api/commands', { ...body, name: `csrf-${status}` }, { cookie, ...headers });
    assert.equal(res.status, status, name);
    if (status === 403) assert.equal(res.body.code, 'CROSS_ORIGIN_REQUEST', name);
  }
  const logout = await request(app.url, 'POST', '/auth/logout', undefined, { cookie, origin: 'https://evil.example' });
  assert.equal(logout.status, 403, 'logout is a change too');
});

test('logout ends the session; expired and revoked sessions are 401', async (t) => {
  const { fake, app, grant } = await setup(t);
  const first = await loginAs(app.url, fake, grant);
  const logout = await request(app.url, 'POST', '/auth/logout', undefined, { cookie: first.cookie, origin: app.url });
  assert.equal(logout.status, 204);
  assert.match(logout.headers.get('set-cookie') ?? '', /^concord_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
  const after = await asBrowser(app.url, first.cookie)('GET', '/api/me');
  assert.equal(after.status, 401);
  assert.equal(after.body.code, 'SESSION_EXPIRED');

  const second = await loginAs(app.url, fake, grant);
  await app.db.sql`update sessions set expires_at = now() - interval '1 second'`;
  assert.equal((await asBrowser(app.url, second.cookie)('GET', `/api/commands?guild_id=${MANAGED}`)).status, 401);

  const third = await loginAs(app.url, fake, grant);
  const revoked = await app.request('DELETE', `/api/users/${grant.user.id}/sessions`);
  assert.deepEqual(revoked.body, { revoked: 1 }, 'the expired session was cleaned up at the third login');
  assert.equal((await asBrowser(app.url, third.cookie)('GET', '/api/me')).status, 401);
});

test('a wrong state, a reused code, a denied consent and a Discord error end on a page with a way back', async (t) => {
  const { fake, app, grant } = await setup(t);
  const page = async (res: Response, status: number, heading: RegExp) => {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, heading);
    assert.match(html, /href="\/auth\/login"/, 'a way to try again');
    assert.doesNotMatch(html, /at \w+ \(|Error:/, 'no stack trace');
  };

  const wrongState = await startLogin(app.url, fake, grant);
  await page(await fetch(wrongState.callbackUrl, { headers: { cookie: 'concord_oauth_state=somebody-elses' } }), 400, /not valid here/);
  await page(await fetch(wrongState.callbackUrl), 400, /not valid here/);

  const used = await startLogin(app.url, fake, grant);
  assert.equal((await fetch(used.callbackUrl, { redirect: 'manual', headers: { cookie: used.stateCookie } })).status, 303);
  await page(await fetch(used.callbackUrl, { headers: { cookie: used.stateCookie } }), 400, /expired/);

  fake.denyConsent = true;
  const denied = await startLogin(app.url, fake, grant);
  await page(await fetch(denied.callbackUrl, { headers: { cookie: denied.stateCookie } }), 403, /Login cancelled/);
  fake.denyConsent = false;

  const failing = await startLogin(app.url, fake, grant);
  fake.failNext({ path: '/users/@me/guilds', status: 502 });
  await page(await fetch(failing.callbackUrl, { headers: { cookie: failing.stateCookie } }), 502, /Discord is not answering/);
  assert.equal((await app.db.sql`select 1 from sessions`).length, 1, 'only the good login made a session');
});

test('behind https (PUBLIC_URL) the cookies are Secure and the redirect uses PUBLIC_URL', async (t) => {
  const { app } = await setup(t, { PUBLIC_URL: 'https://concord.example' });
  const res = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  assert.equal(location.searchParams.get('redirect_uri'), 'https://concord.example/auth/callback');
  assert.match(res.headers.get('set-cookie') ?? '', /; Secure/);
});

test('without DISCORD_CLIENT_ID and SECRET, login says how to configure it and the token still works', async (t) => {
  const app = await startTestApp(t);
  const login = await fetch(`${app.url}/auth/login`);
  assert.equal(login.status, 503);
  assert.match(await login.text(), /DISCORD_CLIENT_ID.*DISCORD_CLIENT_SECRET/);
  const me = await request(app.url, 'GET', '/api/me');
  assert.equal(me.status, 401);
  assert.equal(me.body.code, 'LOGIN_NOT_CONFIGURED');
  assert.equal((await app.request('GET', '/api/data')).status, 200);
});
