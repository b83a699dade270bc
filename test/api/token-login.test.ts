// Signing in to the dashboard with the API token: for local use and operators without Discord OAuth2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, startTestApp, TEST_TOKEN } from '../support/app.ts';

function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${url}/auth/token`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

test('the API token in the login form starts a global admin session with the OAuth2 cookie', async (t) => {
  const app = await startTestApp(t);
  const res = await postForm(app.url, { token: TEST_TOKEN });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('concord_session=')) ?? '';
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  const cookie = setCookie.split(';')[0] ?? '';

  const me = await request(app.url, 'GET', '/api/me', undefined, { cookie });
  assert.equal(me.status, 200);
  assert.equal(me.body.kind, 'session');
  assert.equal(me.body.is_global_admin, true);
  // A global admin acts on global commands from the dashboard's origin.
  const created = await request(app.url, 'POST', '/api/commands', { guild_id: null, name: 'hi', response: 'Hi' }, { cookie, origin: app.url });
  assert.equal(created.status, 201);

  // JSON works as well as a form.
  const json = await fetch(`${app.url}/auth/token`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ token: TEST_TOKEN }),
  });
  assert.equal(json.status, 303);
  assert.ok(json.headers.getSetCookie().some((c) => c.startsWith('concord_session=')));
});

test('a wrong token is a 401 page; another origin, or no token, starts no session', async (t) => {
  const app = await startTestApp(t);
  const wrong = await postForm(app.url, { token: `${TEST_TOKEN}x` });
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await wrong.text(), /That is not the API token/);
  assert.deepEqual(wrong.headers.getSetCookie(), []);

  const crossSite = await postForm(app.url, { token: TEST_TOKEN }, { origin: 'https://evil.example' });
  assert.equal(crossSite.status, 403);
  assert.deepEqual(crossSite.headers.getSetCookie(), []);

  const missing = await postForm(app.url, {});
  assert.equal(missing.status, 422);
  assert.match(missing.headers.get('content-type') ?? '', /problem\+json/);
  assert.equal(((await missing.json()) as { errors: { field: string }[] }).errors[0]?.field, 'token');

  const [row] = await app.db.sql<{ count: string }[]>`select count(*) from sessions`;
  assert.equal(row?.count, '0');
});

test('wrong tokens in the form count against the same failed-authentication limit as the bearer token', async (t) => {
  const app = await startTestApp(t, { env: { AUTH_FAILURES_BURST: '2', AUTH_FAILURES_PER_MINUTE: '1' } });
  assert.equal((await postForm(app.url, { token: 'wrong-token-0000000000' })).status, 401);
  const bearer = await fetch(`${app.url}/api/me`, { headers: { authorization: 'Bearer wrong-token-0000000000' } });
  assert.equal(bearer.status, 401);
  // Two failures, one by each door: the address is out of tries, for the form and the API alike.
  const limited = await postForm(app.url, { token: TEST_TOKEN });
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.deepEqual(limited.headers.getSetCookie(), []);
});
