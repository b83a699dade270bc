// An API route: its schemas (path, query, body), which the mount validates once and which also feed
// the OpenAPI document, and a handler that gets the typed values (Hono's validator is the model).
import type * as v from 'valibot';
import type { Reply, RequestContext, Router } from '../platform/http/router.ts';
import { parseBody, parseParams, parseQuery } from '../platform/http/validate.ts';
import { type Principal, requireGlobalAdmin, requireScope } from './principal.ts';

type Schema = v.GenericSchema;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** What a schema gives the handler; `undefined` where the route declares none. */
type Valid<S> = S extends Schema ? v.InferOutput<S> : undefined;

/** A status the route answers with: its description, and the schema of its JSON body when there is one. */
export interface RouteResponse {
  description: string;
  schema?: Schema;
  /** The media type of a body that is not JSON (CSV, Server-Sent Events, the Prometheus format). */
  text?: string;
}

/** What every route states about itself, for the router and the OpenAPI document. */
export interface RouteInfo {
  method: Method;
  /** Router pattern, `/api/commands/:id`. */
  path: string;
  /** The operation's stable name for client generators, `listCommands`. */
  operationId: string;
  summary: string;
  tag: string;
  /** Status → description; the 4xx every route can send (validation, credentials) are added by the document. */
  responses: Record<number, RouteResponse>;
  /** Kept for old clients only; the document marks it deprecated and names what replaces it in the summary. */
  deprecated?: boolean;
}

export interface RouteSchemas<P, Q, B> {
  /** The path parameters; a value that fails is a 404, as a path that names nothing. */
  params?: P;
  /** Query parameters, as strings; a failure is a 400 naming `query.<field>`. */
  query?: Q;
  /** The JSON body; a failure is a 422 naming the field. */
  body?: B;
}

/** The validated request a handler gets. */
export interface RouteInput<P, Q, B> {
  params: Valid<P>;
  query: Valid<Q>;
  body: Valid<B>;
}

/** A route behind authentication: its handler always has the caller. */
export interface AuthenticatedRoute<P, Q, B> extends RouteInfo, RouteSchemas<P, Q, B> {
  /** Only global admins may call it; the words finish "only global admins may …". Checked before any validation. */
  globalAdminOnly?: string;
  /**
   * The guild the request acts on, checked after validation against the caller's current roles: read
   * access for a GET, edit access for a change (`null`: global commands or every guild at once, for
   * global admins). A 403 otherwise (GUILD_READ_ONLY for a change by a read-only role).
   */
  scope?: (input: RouteInput<P, Q, B>) => string | null | undefined;
  handler(ctx: RequestContext, input: RouteInput<P, Q, B> & { principal: Principal }): Promise<Reply> | Reply;
}

/** A route that needs no credentials (health checks, /api/me): its handler has no caller. */
export interface PublicRoute<P, Q, B> extends RouteInfo, RouteSchemas<P, Q, B> {
  handler(ctx: RequestContext, input: RouteInput<P, Q, B>): Promise<Reply> | Reply;
}

/** A route as the mount and the document see it, its handler's types erased behind `run`. */
export type ApiRoute = RouteInfo &
  RouteSchemas<Schema, Schema, Schema> &
  (
    | { isPublic: true; run(ctx: RequestContext): Promise<Reply> | Reply }
    | {
        isPublic: false;
        globalAdminOnly?: string;
        scope?: (input: never) => string | null | undefined;
        /** Validates the request and runs the handler as `principal`. */
        run(ctx: RequestContext, principal: Principal): Promise<Reply>;
      }
  );

/** Finds the caller; throws a 401/403/429 HttpError when the credentials are missing or wrong. */
export type Authenticate = (ctx: RequestContext) => Promise<Principal>;

/** A route behind authentication. */
export function route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: AuthenticatedRoute<P, Q, B>,
): ApiRoute {
  return {
    ...schemasOf(spec),
    isPublic: false,
    async run(ctx, principal) {
      if (spec.globalAdminOnly) requireGlobalAdmin(principal, spec.globalAdminOnly);
      const input = await validate(spec, ctx);
      if (spec.scope) requireScope(principal, spec.scope(input));
      return spec.handler(ctx, { ...input, principal });
    },
  };
}

/** A route anyone may call. */
export function publicRoute<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: PublicRoute<P, Q, B>,
): ApiRoute {
  return {
    ...schemasOf(spec),
    isPublic: true,
    run(ctx) {
      const input = validate(spec, ctx);
      // A route without a body answers at once when its handler does (the server then sets no deadline).
      return input instanceof Promise ? input.then((valid) => spec.handler(ctx, valid)) : spec.handler(ctx, input);
    },
  };
}

/** Adds `routes` to `router`, putting every non-public one behind `authenticate`. */
export function mountRoutes(router: Router, routes: readonly ApiRoute[], authenticate: Authenticate): void {
  for (const api of routes) {
    router.add(api.method, api.path, api.isPublic ? (ctx) => api.run(ctx) : async (ctx) => api.run(ctx, await authenticate(ctx)));
  }
}

/** The route without its handler, its schemas widened for the mount and the document. */
function schemasOf<P, Q, B>({ handler: _handler, ...spec }: RouteInfo & RouteSchemas<P, Q, B> & { handler: unknown }) {
  return spec as RouteInfo & RouteSchemas<Schema, Schema, Schema>;
}

/**
 * Path, then query, then body: the cheapest check first, and the body is read only when the rest is
 * right. Without a body there is nothing to wait for, so the answer is not a promise.
 */
function validate<P, Q, B>(spec: RouteSchemas<P, Q, B>, ctx: RequestContext): RouteInput<P, Q, B> | Promise<RouteInput<P, Q, B>> {
  const { params, query, body } = spec as RouteSchemas<Schema, Schema, Schema>;
  const input = {
    params: params ? parseParams(params, ctx.params) : undefined,
    query: query ? parseQuery(query, ctx.query) : undefined,
    body: undefined,
  } as RouteInput<P, Q, B>;
  return body ? ctx.body().then((raw) => ({ ...input, body: parseBody(body, raw) as RouteInput<P, Q, B>['body'] })) : input;
}
