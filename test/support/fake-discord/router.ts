// The REST route table's types and matcher: a list of (method, path, auth, handler) and a loop.
import type { IncomingHttpHeaders } from 'node:http';
import { type DiscordError, invalidFormBody, jsonError } from './errors.ts';
import type { FakeGateway } from './gateway.ts';
import type { FakeState, OAuthGrant } from './state.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `bot`: `Authorization: Bot <token>`; `bot-or-bearer`: that or an OAuth2 access token; `none`: interaction webhooks and the token exchange. */
export type RouteAuth = 'bot' | 'bot-or-bearer' | 'none';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The OAuth2 grant behind a Bearer token, or null when the bot's token was used. */
  bearer: OAuthGrant | null;
  state: FakeState;
  gateway: FakeGateway;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: Method;
  /** Discord's documented path with its `{resource.id}` placeholders, relative to /api/v10. */
  path: string;
  auth: RouteAuth;
  handle(context: RouteContext): Reply | Promise<Reply>;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | 'method-not-allowed' | null;

/** Compiles the table once; the matcher prefers literal segments (`@me`, `@original`) over placeholders. */
export function compileRoutes(routes: readonly Route[]): (method: string, path: string) => RouteMatch {
  const compiled = routes.map((route) => {
    const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
    const source = route.path
      .split(/\{[^}]+\}/)
      .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('([^/]+)');
    return { route, names, pattern: new RegExp(`^${source}/?$`), placeholders: names.length };
  });
  compiled.sort((a, b) => a.placeholders - b.placeholders);
  return (method, path) => {
    let pathMatched = false;
    for (const { route, names, pattern } of compiled) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = match[i + 1] ?? '';
      });
      return { route, params };
    }
    return pathMatched ? 'method-not-allowed' : null;
  };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const noContent = (): Reply => ({ status: 204 });

/** The JSON object body a route expects; Discord answers anything else with 50109 or 50035. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidFormBody({ _errors: [{ code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }] });
  }
  return body as Record<string, unknown>;
}

export function invalidJson(): DiscordError {
  return jsonError(400, 50109, 'The request body contains invalid JSON.');
}
