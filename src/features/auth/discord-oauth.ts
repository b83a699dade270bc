// The Discord side of dashboard login: the authorization-code grant and the two reads it needs.
// https://discord.com/developers/docs/topics/oauth2#authorization-code-grant
import type { RESTAPIPartialCurrentUserGuild, RESTGetAPICurrentUserResult, RESTPostOAuth2AccessTokenResult } from 'discord-api-types/v10';

export const OAUTH_SCOPES = 'identify guilds';
const TIMEOUT_MS = 10_000;

export interface OAuthClientOptions {
  clientId: string;
  clientSecret: string;
  /** Discord's authorize page, `https://discord.com/oauth2/authorize`. */
  authorizeUrl: string;
  /** Discord's REST base, `https://discord.com/api`. */
  apiUrl: string;
}

/** Why a login could not finish; each kind has its own page for the user. */
export type OAuthFailure = 'invalid_grant' | 'discord_error' | 'discord_unreachable';

/** A failed call to Discord during login, with what the user should be told. */
export class OAuthError extends Error {
  override name = 'OAuthError';
  readonly failure: OAuthFailure;
  constructor(failure: OAuthFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.failure = failure;
  }
}

export interface DiscordLogin {
  user: RESTGetAPICurrentUserResult;
  guilds: RESTAPIPartialCurrentUserGuild[];
}

/** Talks to Discord for one login: builds the authorize URL, exchanges the code, reads the user. */
export class DiscordOAuthClient {
  readonly #options: OAuthClientOptions;

  constructor(options: OAuthClientOptions) {
    this.#options = options;
  }

  /** Where to send the browser; `state` comes back with the code and ties it to this browser. */
  authorizeUrl(redirectUri: string, state: string): string {
    const url = new URL(this.#options.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.#options.clientId,
      scope: OAUTH_SCOPES,
      redirect_uri: redirectUri,
      state,
      prompt: 'none',
    }).toString();
    return url.toString();
  }

  /** Exchanges a one-use code and reads the user and their guilds with the resulting token. */
  async login(code: string, redirectUri: string): Promise<DiscordLogin> {
    const token = await this.#exchangeCode(code, redirectUri);
    const [user, guilds] = await Promise.all([
      this.#get<RESTGetAPICurrentUserResult>('/users/@me', token.access_token),
      this.#get<RESTAPIPartialCurrentUserGuild[]>('/users/@me/guilds', token.access_token),
    ]);
    return { user, guilds };
  }

  async #exchangeCode(code: string, redirectUri: string): Promise<RESTPostOAuth2AccessTokenResult> {
    const { clientId, clientSecret } = this.#options;
    const response = await this.#fetch('/oauth2/token', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }).toString(),
    });
    if (response.ok) return (await response.json()) as RESTPostOAuth2AccessTokenResult;
    const body = (await response.json().catch(() => ({}))) as { error?: string; error_description?: string };
    if (response.status === 400 && body.error === 'invalid_grant') {
      throw new OAuthError('invalid_grant', `Discord refused the code: ${body.error_description ?? body.error}`);
    }
    throw new OAuthError('discord_error', `Discord answered ${response.status} to the token exchange: ${body.error ?? 'no error code'}`);
  }

  async #get<T>(path: string, accessToken: string): Promise<T> {
    const response = await this.#fetch(path, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new OAuthError('discord_error', `Discord answered ${response.status} to GET ${path}`);
    return (await response.json()) as T;
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.#options.apiUrl}/v10${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new OAuthError('discord_unreachable', `cannot reach Discord at ${this.#options.apiUrl}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
