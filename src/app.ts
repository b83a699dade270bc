// Builds the parts a mode needs (database, API, bot), starts them, and stops them in reverse order.
import { randomBytes } from 'node:crypto';
import { API } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { startApi } from './api/start.ts';
import type { ApiClient } from './bot/api-client.ts';
import { measureCommands } from './bot/command-metrics.ts';
import { startConsole } from './bot/console.ts';
import { botHealthRouter } from './bot/health.ts';
import { type Bot, startBot } from './bot/index.ts';
import { type BotPorts, localBotPorts, type PortsContext, remoteBotPorts, splitBotApi, sqlErrorTracker } from './bot/ports.ts';
import type { Config } from './config.ts';
import { type ChannelOwnership, createChannelOwnership } from './features/channels/ownership.ts';
import type { ErrorTracker } from './features/errors/tracker.ts';
import { createLogWriter } from './features/logs/writer.ts';
import { createModuleStateStore, type ModuleStateStore, sqlModuleRows } from './features/modules/store.ts';
import { startWorker } from './gateway-stream/worker.ts';
import { createModuleChanges, type ModuleChanges } from './module-kit/changes.ts';
import { type StartedModules, startModules } from './module-kit/start.ts';
import { FIRST_MIGRATION, seedExamples } from './modules/custom-commands/examples.ts';
import { dropCachedCommands } from './modules/custom-commands/index.ts';
import { BUILT_IN_MODULES } from './modules/index.ts';
import { serverSettings } from './modules/settings/index.ts';
import { listenForChanges } from './platform/db/changes.ts';
import { type Database, openDatabase, type Sql } from './platform/db/connect.ts';
import { pingDatabase } from './platform/db/health.ts';
import { migrateUp } from './platform/db/migrate.ts';
import { connectionLimits, serveHttp } from './platform/http/listen.ts';
import { createHttpServer } from './platform/http/server.ts';
import type { Logger } from './platform/log.ts';
import { warnIfMetricsOpen } from './platform/metrics/exposure.ts';
import { createMetrics, type Metrics } from './platform/metrics/registry.ts';
import { connectRedis, type RedisLink } from './platform/redis/client.ts';
import { type Clock, systemClock } from './platform/time/clock.ts';

/** How long one part may take to stop before the others go on without it. */
const STOP_PART_MS = 10_000;
export interface AppOptions {
  config: Config;
  log: Logger;
  api: boolean;
  bot: boolean;
  /** The bot reads gateway events from Redis Streams instead of holding shards (worker mode). */
  worker?: boolean;
  /** Called with a generated API token so the CLI can show it once. */
  onGeneratedToken?: (token: string, file: string) => void;
  /** Where the local console reads and writes when the bot has no Discord token (all mode). */
  console?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** The gateway closed for good (bad token…): the process should end non-zero. */
  onFatal?: (error: Error) => void;
  /** What modules take as now (reminders, schedules); the system clock unless a test moves time. */
  clock?: Clock;
}

export interface App {
  /** Base URL of the HTTP server (the API, or the bot's health endpoint). */
  url?: string;
  db?: Database;
  modules?: StartedModules;
  bot?: Bot;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const stoppers: (() => Promise<void> | void)[] = [];
  const app: App = {
    async stop() {
      for (const stop of stoppers.reverse().splice(0)) {
        // Each part gets a bounded time: one that never finishes must not keep the rest (the database,
        // the embedded server) from stopping, nor hold the process until its supervisor kills it.
        let timer: NodeJS.Timeout | undefined;
        const overdue = new Promise<'overdue'>((resolve) => {
          timer = setTimeout(() => resolve('overdue'), STOP_PART_MS);
        });
        try {
          const outcome = await Promise.race([Promise.resolve(stop()).then(() => 'stopped' as const), overdue]);
          if (outcome === 'overdue') log.warn({ part: stop.toString().slice(0, 100) }, `a part did not stop within ${STOP_PART_MS / 1_000} s; stopping the rest without it`);
        } catch (error) {
          log.error({ err: error }, 'error while stopping');
        } finally {
          clearTimeout(timer);
        }
      }
    },
  };
  const onStop = (stop: () => Promise<void> | void) => void stoppers.push(stop);
  const metrics = createMetrics();
  // One per process: the API's checks use what this process's gateway knows of the guilds' channels.
  const channels = createChannelOwnership({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL });
  const clock = options.clock ?? systemClock;
  // Modules' routes in an API-only process reach Discord over REST alone (no gateway here).
  let rest: API | undefined;
  const restApi = () => {
    if (config.DISCORD_TOKEN) rest ??= new API(new REST({ api: config.DISCORD_API_URL, version: '10', handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(config.DISCORD_TOKEN));
    return rest;
  };
  // The bot's (or worker's) client, handed over before it connects: the modules answer clicks that
  // come while the bot is still starting, before app.bot is set.
  let botApi: API | undefined;
  const onApi = (api: API) => {
    botApi = api;
  };
  try {
    const redis = config.REDIS_URL ? await startRedis(config.REDIS_URL, { config, log, metrics, onStop }) : undefined;
    const context: PortsContext = {
      config,
      log,
      metrics,
      ...(redis ? { redis } : {}),
      // Read when a change comes: the modules start after the listeners, and have no copy before.
      commandsChanged: (guildId) => app.modules && dropCachedCommands(app.modules, guildId),
      onStop,
    };
    const openDb = async () => {
      const db = await openDatabase(config, log);
      app.db = db;
      onStop(() => db.close());
      observePool(metrics, db);
      return db;
    };

    if (options.api) {
      const db = await openDb();
      if (config.MIGRATE) {
        const applied = await migrateUp(db.sql);
        log.info({ applied }, applied.length ? 'applied migrations' : 'database schema is up to date');
        // Only the process that created the schema seeds it, so the example comes once, on a new database.
        if (config.SEED_EXAMPLES && applied.includes(FIRST_MIGRATION)) await seedExamples(db.sql, log);
      }
      const tracker = sqlErrorTracker(context, db.sql);
      // In one process the bot uses the data layer directly; API changes drop its cache at once.
      const ports = options.bot ? await localBotPorts(context, db.sql, tracker) : undefined;
      if (ports) await followDatabaseChanges(context, db.sql, ports);
      // A custom command the API changed drops the copies itself (its module's store, Redis's).
      const changes = createModuleChanges();
      if (ports) changes.subscribe(serverSettings.name, (guildId) => guildId && ports.settings.invalidate(guildId));
      const modules = await startModulesFor(context, {
        db,
        migrate: config.MIGRATE,
        states: ports?.moduleStates ?? createModuleStateStore(sqlModuleRows(db.sql), { ttlMs: 60_000 }),
        tracker,
        discord: () => botApi ?? restApi(),
        channels,
        clock,
        changes,
        redis,
      });
      app.modules = modules;
      // Side by side: the bot reads its application and starts registering commands while the API
      // builds its routes, and connects to the gateway once the API listens (an API that cannot start
      // costs no IDENTIFY). Both settle before a failure of either is thrown, so app.stop() finds
      // whatever the other started.
      const listening = startApi({ ...context, db, tracker, modules, channels, clock, bot: () => app.bot, onGeneratedToken: options.onGeneratedToken });
      const [api, bot] = await Promise.allSettled([listening, ports && startBotWith(ports, { ...context, channels, options, modules, onApi, connectAfter: listening })]);
      if (api.status === 'rejected') throw api.reason;
      if (bot.status === 'rejected') throw bot.reason;
      app.url = api.value;
      app.bot = bot.value;
    } else if (options.bot) {
      const ports = await botOnlyPorts(context, openDb);
      const modules = await startModulesFor(context, { db: app.db, migrate: false, states: ports.moduleStates, tracker: ports.errors, discord: () => botApi, channels, clock, api: ports.api, redis });
      app.modules = modules;
      const bot = await startBotWith(ports, { ...context, channels, options, modules, onApi });
      app.bot = bot;
      // A bot-only process still answers /health for its orchestrator.
      const router = botHealthRouter(bot, { metrics: { metrics, token: config.METRICS_TOKEN }, unavailableModules: () => modules.unavailableModules() });
      app.url = await serveHttp(createHttpServer({ router, log, bodyLimit: 1_024, requestTimeoutMs: 5_000, connections: connectionLimits(config), logProbes: config.ACCESS_LOG_PROBES }), config, onStop);
      log.info({ url: app.url }, 'bot health endpoint listening');
      // The bot's health server serves /metrics too: the same warning as the API's when it is open.
      warnIfMetricsOpen(config, log);
    }
    return app;
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/**
 * A bot or worker without the API in its process: on the data layer when given DATABASE_URL and no
 * API_URL, else through the API (its variables checked first, so a missing one is named before
 * anything connects). Either way the API process owns the schema (migrations).
 */
async function botOnlyPorts(context: PortsContext, openDb: () => Promise<Database>): Promise<BotPorts> {
  const { config } = context;
  if (config.DATABASE_URL && !config.API_URL) {
    // Edits reach it by NOTIFY (and Redis, if set), as they reach the API process.
    const db = await openDb();
    const ports = await localBotPorts(context, db.sql, sqlErrorTracker(context, db.sql));
    await followDatabaseChanges(context, db.sql, ports);
    return ports;
  }
  const api = splitBotApi(config);
  // Modules whose data is in the database (reminders and scheduled messages) run in a split bot given
  // DATABASE_URL too: they get it as their `sql`.
  if (config.DATABASE_URL) await openDb();
  return remoteBotPorts(context, api);
}

/** Drops the bot's cached copies of what any process's commit changed (PostgreSQL's NOTIFY): a bot on the data layer, in `all` mode or alone. */
async function followDatabaseChanges({ onStop, commandsChanged }: PortsContext, sql: Sql, ports: BotPorts): Promise<void> {
  const changes = await listenForChanges(sql, {
    onCommandChange: commandsChanged,
    onLogsInserted: () => {},
    onSettingsChange: (guildId) => ports.settings.invalidate(guildId),
    onModuleChange: (guildId) => ports.moduleStates.invalidate(guildId),
  });
  onStop(() => changes.unlisten());
}

async function startRedis(url: string, { config, log, metrics, onStop }: Pick<PortsContext, 'config' | 'log' | 'metrics' | 'onStop'>): Promise<RedisLink> {
  const link = connectRedis({ url, prefix: config.REDIS_KEY_PREFIX, timeoutMs: config.REDIS_TIMEOUT_MS, log, metrics });
  onStop(() => link.close());
  if (!(await link.ready(config.REDIS_TIMEOUT_MS * 8))) log.warn('Redis not reachable at start; using the database and in-process state until it is');
  return link;
}

/** Starts the bot (or worker) on its ports, with the log writer in front of them. */
async function startBotWith(
  ports: BotPorts,
  { config, log, metrics, redis, onStop, channels, options, modules, onApi, connectAfter }: PortsContext & { channels: ChannelOwnership; options: AppOptions; modules: StartedModules; onApi: (api: API) => void; connectAfter?: Promise<unknown> },
): Promise<Bot> {
  const writer = createLogWriter({
    write: ports.writeLogs,
    log,
    intervalMs: config.LOG_FLUSH_INTERVAL_MS,
    batchSize: config.LOG_BATCH_SIZE,
    maxQueue: config.LOG_QUEUE_MAX,
  });
  metrics.gauge('concord_log_queue_depth', 'Command log rows waiting to be written', () => writer.stats().queued);
  const builtIns = new Set(modules.registry.modules.filter((m) => m.source === 'built-in').flatMap((m) => (m.definition.commands ?? []).map((c) => c.name)));
  // Each use logged is also told to the modules that follow uses (stats counts them).
  const logSink = measureCommands(
    {
      ...writer,
      record(entry) {
        void modules.commandUsed(entry);
        writer.record(entry);
      },
    },
    metrics,
    builtIns,
  );
  const { cooldowns, errors } = ports;
  const bot = await (options.worker ? startWorker : startBot)({
    config,
    log,
    settings: ports.settings,
    logSink,
    modules,
    channels,
    metrics,
    ...(redis ? { redis } : {}),
    ...(cooldowns ? { cooldowns } : {}),
    onCommandError: (error, { errorId, ...context }) => errors.track(error, 'command', errorId, context),
    onFatal: options.onFatal ?? ((error) => log.fatal({ err: error }, 'the bot cannot continue')),
    onApi,
    connectAfter,
  }).catch(async (error: unknown) => {
    await logSink.close(1_000);
    throw error;
  });
  onStop(() => bot.stop());
  if (!bot.discord && !options.worker) {
    log.warn('the bot is off: set DISCORD_TOKEN to connect it to Discord');
    if (options.console) onStop(await startConsole({ dispatcher: bot.dispatcher, prefix: config.COMMAND_PREFIX, modules, ...options.console }));
  }
  return bot;
}

/** The modules of this process, their teardown registered before what they use stops. */
async function startModulesFor(
  { config, log, metrics, onStop }: PortsContext,
  parts: {
    db: Database | undefined;
    migrate: boolean;
    states: ModuleStateStore;
    tracker: ErrorTracker;
    discord: () => API | undefined;
    channels: ChannelOwnership;
    clock: Clock;
    /** Concord's API, in a split bot that goes through it. */
    api?: ApiClient | undefined;
    /** Where the modules' changes are told, in a process whose parts keep copies of their data. */
    changes?: ModuleChanges | undefined;
    /** Handed to the built-ins' setup, to share their caches across processes. */
    redis?: RedisLink | undefined;
  },
): Promise<StartedModules> {
  const modules = await startModules({
    builtIns: BUILT_IN_MODULES,
    pluginsDir: config.PLUGINS_DIR,
    log,
    db: parts.db,
    migrate: parts.migrate,
    states: parts.states,
    discord: parts.discord,
    onError: (error, { errorId, ...context }) => parts.tracker.track(error, 'module', errorId, context),
    onJobError: (error, context) => parts.tracker.track(error, 'job', randomBytes(4).toString('hex'), context),
    timeoutMs: config.MODULE_HANDLER_TIMEOUT_MS,
    config,
    process: { clock: parts.clock, channels: parts.channels, metrics, ...(parts.api ? { api: parts.api } : {}), ...(parts.redis ? { redis: parts.redis } : {}) },
    changes: parts.changes,
  });
  onStop(() => modules.teardown());
  return modules;
}

function observePool(metrics: Metrics, db: Database) {
  metrics.gauge('concord_db_pool_max', 'Connections the database pool may open (DATABASE_POOL_MAX)', () => db.pool().max);
  metrics.gauge('concord_db_pool_connections_open', 'Database connections open now', () => db.pool().open);
  // Pinged at scrape time: an alert needs "the database is unreachable" even when nothing writes.
  metrics.gauge('concord_database_up', 'Whether the database answered a ping at this scrape (1) or not (0)', () =>
    pingDatabase(db.sql, 2_000).then(
      () => 1,
      () => 0,
    ),
  );
}
