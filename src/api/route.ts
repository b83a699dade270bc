// An API route: its handler plus the schemas that validate it, which also feed the OpenAPI document.
import type * as v from 'valibot';
import type { Handler, RequestContext, Router } from '../http/router.ts';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Router pattern, `/api/commands/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** No credentials needed (health checks, the login flow). */
  isPublic?: boolean;
  query?: v.GenericSchema;
  body?: v.GenericSchema;
  /** Status → description, and the schema of the body when there is one. */
  responses: Record<number, { description: string; schema?: v.GenericSchema }>;
  handler: Handler;
}

/** Checks the caller's credentials; throws a 401/403 HttpError when they are missing or wrong. */
export type Authenticate = (ctx: RequestContext) => Promise<void> | void;

/** Adds `routes` to `router`, putting every non-public one behind `authenticate`. */
export function mountRoutes(router: Router, routes: readonly ApiRoute[], authenticate: Authenticate): void {
  for (const route of routes) {
    const handler: Handler = route.isPublic
      ? route.handler
      : async (ctx) => {
          await authenticate(ctx);
          return route.handler(ctx);
        };
    router.add(route.method, route.path, handler);
  }
}
