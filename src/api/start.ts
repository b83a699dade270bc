// The API process's HTTP side: the change stream fed by NOTIFY, the router over every route, and the
// server, started on the parts app.ts built.
import type { Bot } from '../bot/index.ts';
import type { PortsContext } from '../bot/ports.ts';
import { resolveApiToken } from '../features/auth/api-token.ts';
import type { ChannelOwnership } from '../features/channels/ownership.ts';
import type { ErrorTracker } from '../features/errors/tracker.ts';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import { listenForChanges } from '../platform/db/changes.ts';
import type { Database } from '../platform/db/connect.ts';
import { connectionLimits, serveHttp } from '../platform/http/listen.ts';
import { createHttpServer } from '../platform/http/server.ts';
import { warnIfMetricsOpen } from '../platform/metrics/exposure.ts';
import type { Clock } from '../platform/time/clock.ts';
import { VERSION } from '../platform/version.ts';
import { createEventHub } from './events.ts';
import { createApiRouter } from './index.ts';

export interface ApiParts extends PortsContext {
  db: Database;
  tracker: ErrorTracker;
  modules: ModuleRuntime;
  channels: ChannelOwnership;
  clock: Clock;
  bot: () => Bot | undefined;
  /** Told a generated API token, so the CLI can show it once. */
  onGeneratedToken: ((token: string, file: string) => void) | undefined;
}

/** Starts the API's HTTP server; returns its URL. */
export async function startApi({ config, log, metrics, redis, onStop, db, tracker, modules, channels, clock, bot, onGeneratedToken }: ApiParts): Promise<string> {
  // Every change any process commits reaches this one by NOTIFY: split bots and dashboards following
  // /api/events hear of it, and the modules drop the guild's rows. (A bot in this process follows
  // NOTIFY itself: app.ts.)
  const events = createEventHub({ maxStreams: config.EVENT_STREAMS_MAX });
  const changes = await listenForChanges(db.sql, {
    onCommandChange: (guildId) => events.publish({ type: 'command', guild_id: guildId }),
    onLogsInserted: (guildIds) => events.publish({ type: 'logs', guild_ids: guildIds }),
    onSettingsChange: (guildId) => events.publish({ type: 'settings', guild_id: guildId }),
    onModuleChange(guildId) {
      modules.invalidate(guildId);
      events.publish({ type: 'modules', guild_id: guildId });
    },
  });
  onStop(() => changes.unlisten());
  const apiToken = await resolveApiToken(config.API_TOKEN, config.dataDir);
  if (apiToken.file) onGeneratedToken?.(apiToken.token, apiToken.file);
  const router = createApiRouter({
    sql: db.sql,
    apiToken: apiToken.token,
    version: VERSION,
    config,
    log,
    modules,
    metrics,
    metricsToken: config.METRICS_TOKEN,
    clock,
    channels,
    health: {
      ...(redis ? { redis: redis.ping } : {}),
      shards: () => bot()?.discord?.shardStatus(),
      unavailableModules: () => modules.unavailableModules(),
    },
    events,
  });
  // Labelled children looked up once per (route, status, method): prom-client hashes the labels on
  // every call otherwise. Keyed by values whose hashes V8 keeps (the router's pattern strings, Node's
  // method strings, numbers): a key string built per request cost a concatenation and a hash each time.
  // Routes are patterns and Node's parser knows a fixed set of methods, so these stay small.
  type RouteMetrics = { seconds: ReturnType<typeof metrics.httpSeconds.labels>; counts: Map<number, Map<string, ReturnType<typeof metrics.httpRequests.labels>>> };
  const byRoute = new Map<string, RouteMetrics>();
  const countAndTime = (method: string, route: string, status: number, seconds: number) => {
    let metricsOf = byRoute.get(route);
    if (!metricsOf) {
      metricsOf = { seconds: metrics.httpSeconds.labels({ route }), counts: new Map() };
      byRoute.set(route, metricsOf);
    }
    let byMethod = metricsOf.counts.get(status);
    if (!byMethod) {
      byMethod = new Map();
      metricsOf.counts.set(status, byMethod);
    }
    let count = byMethod.get(method);
    if (!count) {
      count = metrics.httpRequests.labels({ method, route, status });
      byMethod.set(method, count);
    }
    count.inc();
    metricsOf.seconds.observe(seconds);
  };
  const http = createHttpServer({
    router,
    log,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    connections: connectionLimits(config),
    logProbes: config.ACCESS_LOG_PROBES,
    // The id the client sees in the 500's detail is the request id's first 8 characters.
    onUnexpectedError: (error, { requestId, route }) => tracker.track(error, 'http', requestId.slice(0, 8), { route, request_id: requestId }),
    onResponse: ({ method, route, status, seconds }) => countAndTime(method, route, status, seconds),
  });
  const url = await serveHttp(http, config, onStop);
  // Runs before the server closes: it waits for open streams to end.
  onStop(() => events.close());
  log.info({ url }, 'API listening');
  warnIfMetricsOpen(config, log);
  return url;
}

