// A small method + path router: a table of routes and a loop, in the spirit of trouter.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface RequestContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  requestId: string;
  /** Aborted at the request timeout (with the 503 as its reason); work that writes stops and rolls back. */
  signal: AbortSignal;
  /** The parsed JSON body (validated by the caller); throws 413/415/400 problems. */
  body(): Promise<unknown>;
  raw: IncomingMessage;
}

/** The content type of a JSON body: the server's for an object, a handler's for JSON it wrote itself. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

interface Route {
  method: string;
  pattern: string;
  /** Set for a pattern without parameters: matched by string comparison, not the regex. */
  literal: string | undefined;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

export type Match =
  | { kind: 'found'; handler: Handler; params: Record<string, string>; pattern: string }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

export class Router {
  #routes: Route[] = [];

  /** Adds a route; `pattern` segments starting with `:` are parameters (`/api/commands/:id`). */
  add(method: string, pattern: string, handler: Handler): this {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment === '*') {
          keys.push('*');
          return '(.*)';
        }
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    const literal = keys.length === 0 ? (pattern.length > 1 ? pattern.replace(/\/$/, '') : pattern) : undefined;
    this.#routes.push({ method, pattern, literal, regex: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  get(pattern: string, handler: Handler) {
    return this.add('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler) {
    return this.add('POST', pattern, handler);
  }
  patch(pattern: string, handler: Handler) {
    return this.add('PATCH', pattern, handler);
  }
  put(pattern: string, handler: Handler) {
    return this.add('PUT', pattern, handler);
  }
  delete(pattern: string, handler: Handler) {
    return this.add('DELETE', pattern, handler);
  }

  match(method: string, path: string): Match {
    let allowed: Set<string> | undefined;
    // Most requests go to a route without parameters: compare strings before running regexes.
    const bare = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    for (const route of this.#routes) {
      let found: RegExpExecArray | null = null;
      if (route.literal !== undefined) {
        if (route.literal !== bare) continue;
      } else {
        found = route.regex.exec(path);
        if (!found) continue;
      }
      // HEAD is answered by GET handlers, as HTTP expects.
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        const params: Record<string, string> = {};
        for (let i = 0; i < route.keys.length; i++) params[route.keys[i] as string] = decodeURIComponent(found?.[i + 1] ?? '');
        return { kind: 'found', handler: route.handler, params, pattern: route.pattern };
      }
      allowed ??= new Set<string>();
      allowed.add(route.method);
      if (route.method === 'GET') allowed.add('HEAD');
    }
    return allowed ? { kind: 'wrong-method', allowed: [...allowed].sort() } : { kind: 'none' };
  }

  /** Every route, for documentation and tests. */
  routes(): { method: string; pattern: string }[] {
    return this.#routes.map(({ method, pattern }) => ({ method, pattern }));
  }
}
