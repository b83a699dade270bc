// Logs in to a test app through the real /auth flow against the fake Discord, without a browser:
// what a browser would do with the redirects and cookies, step by step.
import assert from 'node:assert/strict';
import type { FakeDiscord, OAuthGrant } from './fake-discord/index.ts';

export const FAKE_CLIENT_SECRET = 'fake-client-secret';

/** Config that points the app's dashboard login at `fake`. */
export function loginEnv(fake: FakeDiscord): Record<string, string> {
  return {
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_AUTHORIZE_URL: `${fake.origin}/oauth2/authorize`,
  };
}

/** Discord permission bits, as strings like Discord sends them. */
export const PERMISSIONS = { none: '0', manageGuild: String(1 << 5), administrator: String(1 << 3), manageMessages: String(1 << 13) };

export interface LoginSteps {
  /** The `Cookie` header value for the session, e.g. `concord_session=…`. */
  cookie: string;
  /** Set-Cookie of the session as the callback sent it. */
  setCookie: string;
  callback: Response;
}

/** The cookie pair `name=value` from a response's Set-Cookie headers. */
export function cookiePair(response: Response, name: string): string | undefined {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${name}=`));
}

/** Starts the login at `appUrl`, consents at the fake as `grant`, and returns the callback's answer. */
export async function startLogin(appUrl: string, fake: FakeDiscord, grant: OAuthGrant): Promise<{ callbackUrl: string; stateCookie: string }> {
  fake.oauthUser = grant;
  const login = await fetch(`${appUrl}/auth/login`, { redirect: 'manual' });
  assert.equal(login.status, 302, 'GET /auth/login redirects to Discord');
  const stateCookie = cookiePair(login, 'concord_oauth_state');
  assert.ok(stateCookie, 'the state is bound to the browser by a cookie');
  const consent = await fetch(login.headers.get('location') ?? '', { redirect: 'manual' });
  assert.equal(consent.status, 302, 'the fake authorize page redirects back');
  return { callbackUrl: consent.headers.get('location') ?? '', stateCookie };
}

/** The whole flow: login, consent, callback; returns the session cookie. */
export async function loginAs(appUrl: string, fake: FakeDiscord, grant: OAuthGrant): Promise<LoginSteps> {
  const { callbackUrl, stateCookie } = await startLogin(appUrl, fake, grant);
  const callback = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: stateCookie } });
  assert.equal(callback.status, 303, `the callback starts a session (got ${callback.status}: ${await callback.clone().text()})`);
  const setCookie = callback.headers.getSetCookie().find((line) => line.startsWith('concord_session=')) ?? '';
  const cookie = cookiePair(callback, 'concord_session');
  assert.ok(cookie, 'the callback sets the session cookie');
  return { cookie, setCookie, callback };
}
