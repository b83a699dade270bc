// Without PUBLIC_URL only a loopback Host says where the dashboard is: any other Host gets a page
// (or a problem) saying to set PUBLIC_URL, never an OAuth2 redirect, a login redirect or an origin
// check built from it.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

const GUILD = '300000000000000001';

/** A request with a Host of our choosing (fetch may not set Host). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('without PUBLIC_URL only a loopback Host is trusted', async (t) => {
  const fake = await startFakeDiscord({ token: 'fake-bot-token' });
  t.after(() => fake.close());
  const { url } = await startTestApp(t, { env: loginEnv(fake) });

  const untrusted = ['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.evil.example', '10.0.0.5:3000', 'localhost@evil.example'];
  for (const host of untrusted) {
    await t.test(`Host ${host}: /auth/login and /auth/callback say to set PUBLIC_URL`, async () => {
      for (const path of ['/auth/login', '/auth/callback?code=x&state=y']) {
        const res = await send(url, 'GET', path, { host });
        assert.equal(res.status, 400, path);
        assert.equal(res.headers.location, undefined, 'no redirect anywhere');
        assert.match(res.headers['content-type'] as string, /^text\/html/);
        assert.match(res.body, /PUBLIC_URL/);
        assert.doesNotMatch(res.body, /auth\/callback/);
      }
    });
  }

  for (const host of ['localhost', 'localhost:3000', '127.0.0.1:8080', '[::1]:3000', '[::1]']) {
    await t.test(`Host ${host} is loopback: the OAuth2 redirect is built from it`, async () => {
      const res = await send(url, 'GET', '/auth/login', { host });
      assert.equal(res.status, 302);
      const authorize = new URL(res.headers.location as string);
      assert.equal(authorize.searchParams.get('redirect_uri'), `http://${host}/auth/callback`);
    });
  }

  await t.test('a cookie request that changes data, to a non-loopback Host, is a problem saying to set PUBLIC_URL', async () => {
    const user = fake.createUser({ username: 'mod' });
    const { cookie } = await loginAs(url, fake, { user, guilds: [{ id: GUILD, name: 'G', permissions: PERMISSIONS.manageGuild }] });
    const body = JSON.stringify({ guild_id: GUILD, name: 'evil', response: 'x' });
    const headers = { cookie, 'content-type': 'application/json' };
    const evil = await send(url, 'POST', '/api/commands', { ...headers, host: 'evil.example', origin: 'http://evil.example' }, body);
    assert.equal(evil.status, 400);
    assert.equal(evil.headers['content-type'], 'application/problem+json');
    assert.equal(JSON.parse(evil.body).code, 'PUBLIC_URL_REQUIRED');
    assert.match(JSON.parse(evil.body).detail, /PUBLIC_URL/);
    const { host } = new URL(url);
    const local = await send(url, 'POST', '/api/commands', { ...headers, host, origin: url }, body);
    assert.equal(local.status, 201, 'the same request on the loopback origin works');
  });
});

test('with PUBLIC_URL any Host is answered, with links to PUBLIC_URL', async (t) => {
  const fake = await startFakeDiscord({ token: 'fake-bot-token' });
  t.after(() => fake.close());
  const { url } = await startTestApp(t, { env: { ...loginEnv(fake), PUBLIC_URL: 'https://concord.example' } });
  const res = await send(url, 'GET', '/auth/login', { host: 'evil.example' });
  assert.equal(res.status, 302);
  assert.equal(new URL(res.headers.location as string).searchParams.get('redirect_uri'), 'https://concord.example/auth/callback');
});
