// OAuth2 authorization-code login for the dashboard:
// https://discord.com/developers/docs/topics/oauth2#authorization-code-grant
import { randomBytes } from 'node:crypto';
import type { RESTPostOAuth2AccessTokenResult } from 'discord-api-types/v10';
import { DiscordError } from '../errors.ts';
import { objectBody, ok, type Reply, type Route, type RouteContext } from '../router.ts';
import type { FakeState, OAuthGrant } from '../state.ts';

// OAuth2 errors follow RFC 6749 (`error`, `error_description`), not Discord's `{code, message}`.
const oauthError = (status: number, error: string, description?: string): DiscordError =>
  new DiscordError(status, { error, ...(description ? { error_description: description } : {}) });

export const oauth2Routes: Route[] = [
  {
    method: 'POST',
    path: '/oauth2/token',
    auth: 'none',
    handle: (context) => {
      const form = objectBody(context.body);
      authenticateClient(context, form);
      if (form.grant_type === 'authorization_code') {
        const minted = context.state.oauthCodes.get(String(form.code));
        if (!minted || minted.used) throw oauthError(400, 'invalid_grant', `Invalid "code" in request.`);
        if (form.redirect_uri !== minted.redirect_uri) throw oauthError(400, 'invalid_grant', `Invalid "redirect_uri" in request.`);
        minted.used = true;
        return ok(issueTokens(context.state, minted.grant));
      }
      if (form.grant_type === 'refresh_token') {
        const grant = context.state.refreshTokens.get(String(form.refresh_token));
        if (!grant) throw oauthError(400, 'invalid_grant');
        context.state.refreshTokens.delete(String(form.refresh_token));
        return ok(issueTokens(context.state, grant));
      }
      throw oauthError(400, 'unsupported_grant_type');
    },
  },
];

/** A one-use authorization code for `grant`, as if the user had just consented. */
export function mintOAuthCode(state: FakeState, grant: OAuthGrant, redirectUri: string): string {
  const code = randomBytes(15).toString('base64url');
  state.oauthCodes.set(code, { grant, redirect_uri: redirectUri, used: false });
  return code;
}

/** `GET /oauth2/authorize` (outside /api): consents at once for `state.oauthUser`, or refuses when `denyConsent`. */
export function authorizePage(state: FakeState, query: URLSearchParams): Reply {
  const redirectUri = query.get('redirect_uri');
  if (query.get('client_id') !== state.applicationId || query.get('response_type') !== 'code' || !redirectUri || !URL.canParse(redirectUri)) {
    return { status: 400, body: { message: 'Invalid OAuth2 request: client_id, response_type=code and redirect_uri are required', code: 0 } };
  }
  const target = new URL(redirectUri);
  if (state.denyConsent) {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
  } else {
    const scope = query.get('scope');
    target.searchParams.set('code', mintOAuthCode(state, { ...state.oauthUser, ...(scope ? { scope } : {}) }, redirectUri));
  }
  const stateParam = query.get('state');
  if (stateParam !== null) target.searchParams.set('state', stateParam);
  return { status: 302, headers: { Location: target.toString() } };
}

/** Client credentials come as HTTP Basic or as client_id/client_secret form fields. */
function authenticateClient({ headers, state }: RouteContext, form: Record<string, unknown>): void {
  let [clientId, clientSecret] = [form.client_id, form.client_secret];
  const basic = /^Basic (.+)$/i.exec(headers.authorization ?? '');
  if (basic?.[1]) [clientId, clientSecret] = Buffer.from(basic[1], 'base64').toString().split(':');
  if (clientId !== state.applicationId || clientSecret !== state.clientSecret) throw oauthError(401, 'invalid_client');
}

function issueTokens(state: FakeState, grant: OAuthGrant): RESTPostOAuth2AccessTokenResult {
  const accessToken = randomBytes(20).toString('base64url');
  const refreshToken = randomBytes(20).toString('base64url');
  state.accessTokens.set(accessToken, grant);
  state.refreshTokens.set(refreshToken, grant);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: 604_800, refresh_token: refreshToken, scope: grant.scope ?? 'identify guilds' };
}
