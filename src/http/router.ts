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

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

interface Route {
  method: string;
  pattern: string;
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
    this.#routes.push({ method, pattern, regex: new RegExp(`^${source}/?$`), keys, handler });
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
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      // HEAD is answered by GET handlers, as HTTP expects.
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        const params: Record<string, string> = {};
        route.keys.forEach((key, i) => {
          params[key] = decodeURIComponent(found[i + 1] ?? '');
        });
        return { kind: 'found', handler: route.handler, params, pattern: route.pattern };
      }
      allowed.add(route.method);
      if (route.method === 'GET') allowed.add('HEAD');
    }
    return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed].sort() } : { kind: 'none' };
  }

  /** Every route, for documentation and tests. */
  routes(): { method: string; pattern: string }[] {
    return this.#routes.map(({ method, pattern }) => ({ method, pattern }));
  }
}
