// The HTTP API: every route, wired to the data layer, behind one authentication check.
import type { Sql } from '../db/connect.ts';
import { requireBearer } from '../http/auth.ts';
import { Router } from '../http/router.ts';
import { commandRoutes, type OnCommandChange } from './commands.ts';
import { healthRoutes } from './health.ts';
import { logRoutes } from './logs.ts';
import { buildOpenApi } from './openapi.ts';
import { overviewRoutes } from './overview.ts';
import { type ApiRoute, mountRoutes } from './route.ts';

export interface ApiDeps {
  sql: Sql;
  apiToken: string;
  version: string;
  onCommandChange: OnCommandChange;
}

/** Builds the router for the whole API. */
export function createApiRouter(deps: ApiDeps): Router {
  const routes: ApiRoute[] = [
    ...healthRoutes(deps.sql),
    ...overviewRoutes(deps.sql),
    ...commandRoutes(deps.sql, deps.onCommandChange),
    ...logRoutes(deps.sql),
  ];
  const openApi = buildOpenApi(routes, deps.version);
  routes.push({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'meta',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    handler: () => ({ body: openApi }),
  });
  const router = new Router();
  mountRoutes(router, routes, (ctx) => requireBearer(ctx.headers, deps.apiToken));
  return router;
}
