// The browser's login flow (not under /api): /auth/login sends the browser to Discord, /auth/callback
// turns the code into a session, /auth/logout ends it. Failures end on a page with a way back.
import { randomBytes } from 'node:crypto';
import { readCookie, serializeCookie } from '../features/auth/cookies.ts';
import { type DiscordOAuthClient, OAuthError } from '../features/auth/discord-oauth.ts';
import { messagePage } from '../features/auth/pages.ts';
import { canManageGuild } from '../features/auth/permissions.ts';
import { isHttps, publicBase, untrustedHostMessage } from '../features/auth/public-url.ts';
import { endSession, type SessionSettings, startSession } from '../features/auth/sessions.ts';
import type { Sql } from '../platform/db/connect.ts';
import { tokensMatch } from '../platform/http/auth.ts';
import type { AuthFailureGuard } from '../platform/http/auth-failures.ts';
import { HttpError } from '../platform/http/problem.ts';
import type { Handler, Reply, RequestContext } from '../platform/http/router.ts';
import type { Logger } from '../platform/log.ts';
import { assertSameOrigin } from './access.ts';

const STATE_COOKIE = 'concord_oauth_state';
const STATE_TTL_SECONDS = 600;

export interface AuthDeps {
  sql: Sql;
  /** Signing in with it starts a global admin's session (POST /auth/token). */
  apiToken: string;
  /** The failed-authentication limit the bearer token has; a wrong token here counts the same. */
  failures?: AuthFailureGuard | undefined;
  log?: Logger | undefined;
  /** Unset when DISCORD_CLIENT_ID or DISCORD_CLIENT_SECRET is missing: login is off. */
  oauth: DiscordOAuthClient | undefined;
  publicUrl: string | undefined;
  sessionTtlHours: number;
}

export interface AuthRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: Handler;
}

const home = { href: '/', label: 'Back to the dashboard' };
const retry = { href: '/auth/login', label: 'Try again' };

export function authRoutes(deps: AuthDeps): AuthRoute[] {
  const secure = isHttps(deps.publicUrl);
  const settings: SessionSettings = { ttlHours: deps.sessionTtlHours, secure };
  const redirectUri = (base: string) => `${base}/auth/callback`;
  const clearState = serializeCookie(STATE_COOKIE, '', { maxAge: 0, path: '/auth', secure });

  return [
    {
      method: 'GET',
      path: '/auth/login',
      handler(ctx) {
        if (!deps.oauth) return notConfigured();
        const base = publicBase(deps.publicUrl, ctx.headers);
        if (!base) return untrustedHost(ctx);
        // The state is bound to this browser by a short-lived cookie, so a code minted for someone
        // else's browser (login CSRF) is refused at the callback.
        const state = randomBytes(24).toString('base64url');
        return {
          status: 302,
          headers: {
            location: deps.oauth.authorizeUrl(redirectUri(base), state),
            'set-cookie': serializeCookie(STATE_COOKIE, state, { maxAge: STATE_TTL_SECONDS, path: '/auth', secure }),
            'cache-control': 'no-store',
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/auth/callback',
      async handler(ctx) {
        const reply = await callback(ctx);
        const cookies = reply.headers?.['set-cookie'];
        return { ...reply, headers: { ...reply.headers, 'set-cookie': [clearState, ...(cookies ? [cookies].flat() : [])] } };
      },
    },
    {
      method: 'POST',
      path: '/auth/token',
      async handler(ctx) {
        // A login form posted from another site would sign the browser in to someone else's Concord.
        assertSameOrigin(ctx.method, ctx.headers, deps.publicUrl);
        deps.failures?.check(ctx);
        const token = await readTokenField(ctx);
        if (!tokensMatch(token, deps.apiToken)) {
          deps.failures?.failed(ctx);
          deps.log?.warn({ req_id: ctx.requestId }, 'dashboard sign-in with a wrong API token');
          return messagePage(401, 'That is not the API token', 'Concord printed its API token at start (it is also in `DATA_DIR/api-token` when it was generated). Copy it exactly and try again.', [home]);
        }
        const cookie = await startSession(deps.sql, { id: TOKEN_USER_ID, name: 'API token', avatar: null, guilds: [], isGlobalAdmin: true }, settings);
        // Relative: the browser is already on the dashboard's origin (the check above said so).
        return { status: 303, headers: { location: '/', 'set-cookie': cookie, 'cache-control': 'no-store' } };
      },
    },
    {
      method: 'POST',
      path: '/auth/logout',
      async handler(ctx) {
        assertSameOrigin(ctx.method, ctx.headers, deps.publicUrl);
        return { status: 204, headers: { 'set-cookie': await endSession(deps.sql, ctx.headers, settings), 'cache-control': 'no-store' } };
      },
    },
  ];

  async function callback(ctx: RequestContext): Promise<Reply> {
    if (!deps.oauth) return notConfigured();
    const base = publicBase(deps.publicUrl, ctx.headers);
    if (!base) return untrustedHost(ctx);
    const query = ctx.query;
    const error = query.get('error');
    if (error === 'access_denied') {
      return messagePage(403, 'Login cancelled', 'You did not allow Concord to see your Discord account, so you are not logged in.', [retry, home]);
    }
    if (error) {
      const detail = query.get('error_description') ?? error;
      return messagePage(400, 'Discord could not log you in', `Discord said: ${detail}.`, [retry, home]);
    }
    const expected = readCookie(ctx.headers.cookie, STATE_COOKIE);
    const state = query.get('state');
    if (!expected || !state || !tokensMatch(state, expected)) {
      return messagePage(
        400,
        'This login link is not valid here',
        'The login was started in another browser or tab, or took longer than 10 minutes. Start again from this browser.',
        [retry, home],
      );
    }
    const code = query.get('code');
    if (!code) return messagePage(400, 'No login code', 'Discord sent the browser back without a login code.', [retry, home]);
    try {
      const { user, guilds } = await deps.oauth.login(code, redirectUri(base));
      const cookie = await startSession(
        deps.sql,
        {
          id: user.id,
          name: user.global_name ?? user.username,
          avatar: user.avatar,
          // Every guild: dashboard roles may give access where Manage Server does not (api/guild-access.ts).
          guilds: guilds.map((g) => ({ id: g.id, name: g.name, icon: g.icon, manages: canManageGuild(g) })),
        },
        settings,
      );
      return { status: 303, headers: { location: `${base}/`, 'set-cookie': cookie, 'cache-control': 'no-store' } };
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      deps.log?.warn({ err: error.message, failure: error.failure }, 'dashboard login failed');
      if (error.failure === 'invalid_grant') {
        return messagePage(400, 'This login code has expired', 'Discord did not accept the login code: it was already used or is too old.', [retry, home]);
      }
      return messagePage(502, 'Discord is not answering', 'Concord could not finish the login with Discord. Try again in a moment.', [retry, home]);
    }
  }
}

/** The user id of sessions started with the API token (not a Discord snowflake). */
export const TOKEN_USER_ID = 'api-token';

const FORM_LIMIT = 4_096;

/** `token` from a form post (application/x-www-form-urlencoded) or a JSON body. */
async function readTokenField(ctx: RequestContext): Promise<string> {
  const type = (ctx.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  let token: unknown;
  if (type === 'application/x-www-form-urlencoded') {
    let text = '';
    for await (const chunk of ctx.raw as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.length > FORM_LIMIT) throw new HttpError(413, 'BODY_TOO_LARGE', `the form is larger than ${FORM_LIMIT} bytes`);
    }
    token = new URLSearchParams(text).get('token');
  } else {
    token = ((await ctx.body()) as { token?: unknown } | null)?.token;
  }
  if (typeof token !== 'string' || token.trim() === '') {
    throw new HttpError(422, 'VALIDATION_FAILED', 'token: the API token is required', { errors: [{ field: 'token', message: 'required: the API token' }] });
  }
  return token.trim();
}

/** Without PUBLIC_URL only a loopback Host is trusted to say where the browser is. */
function untrustedHost(ctx: RequestContext): Reply {
  return messagePage(400, 'Set PUBLIC_URL', untrustedHostMessage(ctx.headers.host), []);
}

function notConfigured(): Reply {
  return messagePage(
    503,
    'Login is not configured',
    'Set `DISCORD_CLIENT_ID` and `DISCORD_CLIENT_SECRET` (from your Discord application\'s OAuth2 page) and `PUBLIC_URL`, then restart Concord. The API still works with the API token.',
    [home],
  );
}
