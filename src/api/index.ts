// The HTTP API: every route, wired to the data layer, behind one authentication check; the login
// flow under /auth; and the dashboard for every other GET.
import { join } from 'node:path';
import * as v from 'valibot';
import type { Config } from '../config.ts';
import { DiscordOAuthClient } from '../features/auth/discord-oauth.ts';
import type { ChannelOwnership } from '../features/channels/ownership.ts';
import { createGuildDirectory, type GuildDirectory } from '../features/guilds/directory.ts';
import { type ApiRoute, mountRoutes, publicRoute, route } from '../module-kit/api-route.ts';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import type { Sql } from '../platform/db/connect.ts';
import { createAuthFailureGuard } from '../platform/http/auth-failures.ts';
import { createFailureLimiter } from '../platform/http/failure-limiter.ts';
import type { Router } from '../platform/http/router.ts';
import { createDashboardHandler, RouterWithDashboard } from '../platform/http/static.ts';
import type { Logger } from '../platform/log.ts';
import { metricsHandler } from '../platform/metrics/handler.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import { APP_ROOT } from '../platform/paths.ts';
import { type Clock, systemClock } from '../platform/time/clock.ts';
import { type AccessOptions, createAuthenticate } from './access.ts';
import { authRoutes } from './auth.ts';
import { type EventHub, eventRoutes } from './events.ts';
import { createGuildAccess } from './guild-access.ts';
import { guildDirectoryRoutes } from './guild-directory.ts';
import { type HealthProbes, healthRoutes } from './health.ts';
import { meRoutes } from './me.ts';
import { moduleRoutes } from './modules.ts';
import { buildOpenApi } from './openapi.ts';
import { overviewRoutes } from './overview.ts';
import { sessionRoutes } from './sessions.ts';

/** The settings the API reads: dashboard login, sessions, global admins. */
export type ApiConfig = Pick<
  Config,
  | 'ADMIN_USER_IDS'
  | 'COMMAND_PREFIX'
  | 'BODY_LIMIT_BYTES'
  | 'AUTH_FAILURES_BURST'
  | 'AUTH_FAILURES_PER_MINUTE'
  | 'TRUST_PROXY'
  | 'DISCORD_API_URL'
  | 'DISCORD_AUTHORIZE_URL'
  | 'DISCORD_CLIENT_ID'
  | 'DISCORD_CLIENT_SECRET'
  | 'DISCORD_TOKEN'
  | 'EVENT_STREAMS_PER_SESSION'
  | 'EVENT_STREAMS_PER_TOKEN'
  | 'PUBLIC_URL'
  | 'SESSION_TTL_HOURS'
>;

export interface ApiDeps {
  sql: Sql;
  apiToken: string;
  version: string;
  /** The modules: their switches and settings per guild, and their own routes. */
  modules: ModuleRuntime;
  /** Now, for how old the guild directory's copies are; default the system clock. */
  clock?: Clock;
  /** Which guild a channel is in: a channel in a module's settings must be one of its guild's. */
  channels: ChannelOwnership;
  config: ApiConfig;
  log?: Logger;
  /** The built dashboard; default dist/web. */
  webRoot?: string;
  /** Served at /metrics (behind `metricsToken` when set). */
  metrics?: Metrics;
  metricsToken?: string | undefined;
  /** Extra /health checks: Redis, the gateway. */
  health?: HealthProbes;
  /** Served as GET /api/events when given. */
  events?: EventHub;
  /** Channels, roles and members by name; default Discord's REST API with DISCORD_TOKEN. */
  directory?: GuildDirectory;
}

/** Builds the router for the whole API. */
export function createApiRouter(deps: ApiDeps): Router {
  const { config } = deps;
  const failures = createAuthFailureGuard({
    limiter: createFailureLimiter({ burst: config.AUTH_FAILURES_BURST, perMinute: config.AUTH_FAILURES_PER_MINUTE, maxAddresses: 10_000 }),
    trustProxy: config.TRUST_PROXY,
    log: deps.log,
    onOutcome: (outcome) => deps.metrics?.authFailures.inc({ outcome }),
  });
  const clock = deps.clock ?? systemClock;
  // One directory: the names it serves and the current roles access is checked against share its copies.
  const directory = deps.directory ?? createGuildDirectory({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, now: () => clock.now() });
  const access: AccessOptions = {
    sql: deps.sql,
    guildAccess: createGuildAccess({ sql: deps.sql, directory, log: deps.log }),
    apiToken: deps.apiToken,
    adminUserIds: config.ADMIN_USER_IDS,
    publicUrl: config.PUBLIC_URL,
    failures,
  };
  const { DISCORD_CLIENT_ID: clientId, DISCORD_CLIENT_SECRET: clientSecret } = config;
  const oauth =
    clientId && clientSecret
      ? new DiscordOAuthClient({ clientId, clientSecret, authorizeUrl: config.DISCORD_AUTHORIZE_URL, apiUrl: config.DISCORD_API_URL })
      : undefined;
  // The built-in modules' routes at the API's own paths, each from its module's process context.
  const builtInRoutes = new Map(deps.modules.registry.modules.map((module) => [module.name, module.definition.apiRoutes?.(deps.modules.processContext(module)) ?? []]));
  const routes: ApiRoute[] = [
    ...healthRoutes(deps.sql, deps.health),
    ...meRoutes({ ...access, isLoginConfigured: oauth !== undefined }),
    ...overviewRoutes(deps.sql),
    ...sessionRoutes(deps.sql),
    ...moduleRoutes({ sql: deps.sql, modules: deps.modules, channels: deps.channels, directory, builtInRoutes, onChange: (guildId) => deps.modules.invalidate(guildId) }),
    ...[...builtInRoutes.values()].flat(),
    ...(deps.events ? eventRoutes(deps.events, { perSession: config.EVENT_STREAMS_PER_SESSION, perToken: config.EVENT_STREAMS_PER_TOKEN }) : []),
    ...guildDirectoryRoutes(directory, {
      clientId: config.DISCORD_CLIENT_ID,
      authorizeUrl: config.DISCORD_AUTHORIZE_URL,
    }),
  ];
  if (deps.metrics) {
    routes.push(
      publicRoute({
        method: 'GET',
        path: '/metrics',
        operationId: 'getMetrics',
        summary: 'Prometheus metrics (Bearer METRICS_TOKEN when it is set)',
        tag: 'health',
        responses: {
          200: { description: 'the Prometheus text format', text: 'text/plain' },
          401: { description: 'METRICS_TOKEN is set and was not sent' },
          429: { description: 'too many failed authentications from this address; see Retry-After' },
        },
        handler: metricsHandler(deps.metrics, deps.metricsToken, failures),
      }),
    );
  }
  routes.push(
    route({
      method: 'GET',
      path: '/api/openapi.json',
      operationId: 'getOpenApi',
      summary: 'This document',
      tag: 'meta',
      responses: { 200: { description: 'OpenAPI 3.1', schema: v.looseObject({ openapi: v.literal('3.1.0') }) } },
      // Built when first asked for (every route, this one too, is in the list by then), not at start:
      // it is ~25 ms of CPU that would hold up the bot's connection in a process running both.
      handler: () => {
        openApi ??= buildOpenApi(routes, { version: deps.version, publicUrl: config.PUBLIC_URL, bodyLimit: config.BODY_LIMIT_BYTES });
        return { body: openApi };
      },
    }),
  );
  let openApi: ReturnType<typeof buildOpenApi> | undefined;
  const router = new RouterWithDashboard(createDashboardHandler(deps.webRoot ?? join(APP_ROOT, 'dist', 'web')));
  mountRoutes(router, routes, createAuthenticate(access));
  const login = authRoutes({ sql: deps.sql, apiToken: deps.apiToken, failures, log: deps.log, oauth, publicUrl: config.PUBLIC_URL, sessionTtlHours: config.SESSION_TTL_HOURS });
  for (const route of login) router.add(route.method, route.path, route.handler);
  return router;
}
