// Builds the parts a mode needs (database, API, bot), starts them, and stops them in reverse order.
import { randomBytes } from 'node:crypto';
import { createEventHub } from './api/events.ts';
import { createApiRouter } from './api/index.ts';
import { resolveApiToken } from './api-token.ts';
import { apiCommandSource, apiLogWrite, createApiClient } from './bot/api-client.ts';
import { followApiEvents } from './bot/api-events.ts';
import { startConsole } from './bot/console.ts';
import { botHealthRouter } from './bot/health.ts';
import { type Bot, startBot } from './bot/index.ts';
import { createLogWriter, type LogWriterOptions } from './bot/log-writer.ts';
import { announceCommandChange, redisCommandSource, watchCommandChanges } from './cache/command-cache.ts';
import { redisCooldowns } from './cache/cooldowns.ts';
import { connectRedis, type RedisLink } from './cache/redis.ts';
import { createChannelOwnership } from './channels/ownership.ts';
import { type Config, ConfigError } from './config.ts';
import { type CombinedCooldownStore, loadPersistentCooldowns } from './custom-commands/cooldowns.ts';
import { FIRST_MIGRATION, seedExamples } from './custom-commands/examples.ts';
import { sqlCommandSource } from './custom-commands/sql-source.ts';
import { type CommandSource, type CommandStore, createCommandStore } from './custom-commands/store.ts';
import { listenForChanges } from './db/command-changes.ts';
import { type Database, openDatabase, type Sql } from './db/connect.ts';
import { recordError } from './db/errors.ts';
import { pingDatabase } from './db/health.ts';
import { insertLogs } from './db/logs.ts';
import { migrateUp } from './db/migrate.ts';
import { addUserStats } from './db/stats.ts';
import { createErrorTracker, type ErrorTracker } from './errors/tracker.ts';
import { startWorker } from './gateway-stream/worker.ts';
import { type ConnectionLimits, createHttpServer, type HttpServer } from './http/server.ts';
import type { Logger } from './log.ts';
import { measureCommands } from './metrics/command-sink.ts';
import { createMetrics, type Metrics, timeQuery } from './metrics/registry.ts';
import { type Clock, systemClock } from './reminders/clock.ts';
import { createReminders, type Reminders } from './reminders/index.ts';
import { countCommands } from './stats/command-sink.ts';
import { createStatsCounter, type StatsCounterOptions } from './stats/counter.ts';
import { apiStatsReader, type StatsReader, sqlStatsReader } from './stats/reader.ts';
import { VERSION } from './version.ts';

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
  /** What reminders and schedules take as now; the system clock unless a test moves time. */
  clock?: Clock;
}

export interface App {
  /** Base URL of the HTTP server (the API, or the bot's health endpoint). */
  url?: string;
  db?: Database;
  bot?: Bot;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const stoppers: (() => Promise<void> | void)[] = [];
  const app: App = {
    async stop() {
      for (const stop of stoppers.reverse().splice(0)) {
        try {
          await stop();
        } catch (error) {
          log.error({ err: error }, 'error while stopping');
        }
      }
    },
  };
  // One per process: the API's checks use what this process's gateway knows of the guilds' channels.
  const channels = createChannelOwnership({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL });
  const remindersOn = (sql: Sql, tracker: ErrorTracker) =>
    createReminders({
      channels,
      sql,
      clock: options.clock ?? systemClock,
      log,
      maxPerUser: config.REMINDERS_PER_USER,
      pollIntervalMs: config.REMINDER_POLL_INTERVAL_MS,
      onJobError: (error, context) => tracker.track(error, 'job', randomBytes(4).toString('hex'), context),
      metrics,
    });
  const metrics = createMetrics();
  try {
    let store: CommandStore | undefined;
    let reminders: Reminders | undefined;
    let writeLogs: LogWriterOptions['write'] | undefined;
    let writeStats: StatsCounterOptions['write'] | undefined;
    let statsReader: StatsReader | undefined;
    let errors: ErrorTracker | undefined;
    let cooldowns: CombinedCooldownStore | undefined;
    let redis: RedisLink | undefined;
    if (config.REDIS_URL) {
      const link = connectRedis({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, timeoutMs: config.REDIS_TIMEOUT_MS, log, metrics });
      redis = link;
      stoppers.push(() => link.close());
      if (!(await link.ready(config.REDIS_TIMEOUT_MS * 8))) log.warn('Redis not reachable at start; using the database and in-process state until it is');
    }
    // With Redis, custom commands are also cached there, shared by every process.
    const shared = (source: CommandSource) => (redis ? redisCommandSource(source, redis) : source);
    /** The bot's ports on the data layer: all mode, and a bot or worker given DATABASE_URL without API_URL. */
    const localBotPorts = async (sql: Sql, tracker: ErrorTracker) => ({
      store: createCommandStore(shared(sqlCommandSource(sql)), { ttlMs: 60_000 }),
      writeLogs: async (batch: Parameters<LogWriterOptions['write']>[0]) => {
        await timeQuery(metrics, 'insertLogs', () => insertLogs(sql, batch));
      },
      writeStats: ((batch) => timeQuery(metrics, 'addUserStats', () => addUserStats(sql, batch))) satisfies StatsCounterOptions['write'],
      statsReader: sqlStatsReader(sql),
      // Without Redis, cooldowns live in memory and Postgres, so a restart does not reset them.
      cooldowns: config.REDIS_URL ? undefined : await loadPersistentCooldowns(sql, log),
      // The scheduler needs the database and a Discord connection: it runs where both are.
      reminders: remindersOn(sql, tracker),
    });

    if (options.api) {
      const db = await openDatabase(config, log);
      app.db = db;
      stoppers.push(() => db.close());
      observePool(metrics, db);
      if (config.MIGRATE) {
        const applied = await migrateUp(db.sql);
        log.info({ applied }, applied.length ? 'applied migrations' : 'database schema is up to date');
        // Only the process that created the schema seeds it, so the example comes once, on a new database.
        if (config.SEED_EXAMPLES && applied.includes(FIRST_MIGRATION)) await seedExamples(db.sql, log);
      }
      // Every command change any process commits reaches this one by NOTIFY: its own cache drops the
      // guild's list, and split bots following /api/events hear of it.
      const events = createEventHub();
      const commandChanges = await listenForChanges(db.sql, {
        onCommandChange(guildId) {
          store?.invalidate(guildId);
          events.publish({ type: 'command', guild_id: guildId });
        },
        onLogsInserted: (guildIds) => events.publish({ type: 'logs', guild_ids: guildIds }),
      });
      stoppers.push(() => commandChanges.unlisten());
      const tracker = createErrorTracker((occurrence) => timeQuery(metrics, 'recordError', () => recordError(db.sql, occurrence)), log);
      errors = tracker;
      // Runs before the database closes: errors being recorded are written first.
      stoppers.push(() => tracker.settled());
      if (options.bot) {
        // In one process the bot uses the data layer directly; API changes drop its cache at once.
        ({ store, writeLogs, writeStats, statsReader, cooldowns, reminders } = await localBotPorts(db.sql, tracker));
      }
      const apiToken = await resolveApiToken(config.API_TOKEN, config.dataDir);
      if (apiToken.file) options.onGeneratedToken?.(apiToken.token, apiToken.file);
      const router = createApiRouter({
        sql: db.sql,
        apiToken: apiToken.token,
        version: VERSION,
        config,
        log,
        onCommandChange: (command) => {
          store?.invalidate(command.guild_id);
          if (redis) void announceCommandChange(redis, command.guild_id);
        },
        metrics,
        metricsToken: config.METRICS_TOKEN,
        clock: options.clock ?? systemClock,
        channels,
        onScheduleChange: () => reminders?.wake(),
        health: {
          ...(redis ? { redis: redis.ping } : {}),
          shards: () => app.bot?.discord?.shardStatus(),
        },
        events,
      });
      const http = createHttpServer({
        router,
        log,
        bodyLimit: config.BODY_LIMIT_BYTES,
        requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
        connections: connectionLimits(config),
        // The id the client sees in the 500's detail is the request id's first 8 characters.
        onUnexpectedError: (error, { requestId, route }) => tracker.track(error, 'http', requestId.slice(0, 8), { route, request_id: requestId }),
        onResponse: ({ method, route, status, seconds }) => {
          metrics.httpRequests.inc({ method, route, status });
          metrics.httpSeconds.observe({ route }, seconds);
        },
      });
      app.url = await serve(http, config, stoppers);
      // Runs before the server closes: it waits for open streams to end.
      stoppers.push(() => events.close());
      log.info({ url: app.url }, 'API listening');
    } else if (options.bot && config.DATABASE_URL && !config.API_URL) {
      // A bot or worker given the database and no API reads and writes it itself, as in all mode;
      // the API process owns the schema (migrations). Edits reach it by NOTIFY (and Redis, if set).
      const db = await openDatabase(config, log);
      app.db = db;
      stoppers.push(() => db.close());
      observePool(metrics, db);
      const tracker = createErrorTracker((occurrence) => timeQuery(metrics, 'recordError', () => recordError(db.sql, occurrence)), log);
      errors = tracker;
      stoppers.push(() => tracker.settled());
      ({ store, writeLogs, writeStats, statsReader, cooldowns, reminders } = await localBotPorts(db.sql, tracker));
      const commands = store;
      const commandChanges = await listenForChanges(db.sql, { onCommandChange: (guildId) => commands.invalidate(guildId), onLogsInserted: () => {} });
      stoppers.push(() => commandChanges.unlisten());
    } else if (options.bot) {
      const api = splitBotApi(config);
      const commands = createCommandStore(shared(apiCommandSource(api)), {
        ttlMs: config.COMMAND_CACHE_TTL_MS,
        onStale: (error) => log.warn({ err: error }, 'API unreachable; using the custom commands last loaded'),
      });
      store = commands;
      // Edits reach this process at once through the API's change stream; the TTL covers its gaps.
      const changes = followApiEvents({ baseUrl: config.API_URL ?? '', token: config.API_TOKEN ?? '', log, onCommandChange: (guildId) => commands.invalidate(guildId) });
      stoppers.push(() => changes.close());
      writeLogs = apiLogWrite(api);
      // A split bot has no database: its counts and errors go to the API, like its log batches.
      writeStats = async (items) => {
        await api.request('POST', '/api/stats/ingest', { items });
      };
      statsReader = apiStatsReader(api);
      const tracker = createErrorTracker((occurrence) => api.request('POST', '/api/errors', occurrence), log);
      errors = tracker;
      if (config.DATABASE_URL) {
        // Reminders and scheduled messages need the database (claims with SKIP LOCKED): a split bot
        // given DATABASE_URL runs the scheduler too; the API process owns the schema (migrations).
        const db = await openDatabase(config, log);
        app.db = db;
        stoppers.push(() => db.close());
        observePool(metrics, db);
        reminders = remindersOn(db.sql, tracker);
      }
    }

    if (options.bot && store && writeLogs && writeStats && statsReader) {
      const counter = createStatsCounter({ write: writeStats, log, intervalMs: config.STATS_FLUSH_INTERVAL_MS });
      // Stops after the bot (stoppers run in reverse), so the last counts are written.
      stoppers.push(() => counter.close());
      const commands = store;
      if (redis) await watchCommandChanges(redis, (guildId) => commands.invalidate(guildId));
      const writer = createLogWriter({
        write: writeLogs,
        log,
        intervalMs: config.LOG_FLUSH_INTERVAL_MS,
        batchSize: config.LOG_BATCH_SIZE,
        maxQueue: config.LOG_QUEUE_MAX,
      });
      metrics.gauge('concord_log_queue_depth', 'Command log rows waiting to be written', () => writer.stats().queued);
      metrics.gauge('concord_stats_queue_depth', 'User stats counts waiting for the next flush', () => counter.pending());
      const logSink = measureCommands(countCommands(writer, counter), metrics);
      const tracker = errors;
      const bot = await (options.worker ? startWorker : startBot)({
        config,
        log,
        commands: store,
        logSink,
        stats: { counter, reader: statsReader },
        ...(reminders ? { reminders } : {}),
        channels,
        metrics,
        ...(redis ? { cooldowns: redisCooldowns(redis), redis } : cooldowns ? { cooldowns } : {}),
        ...(tracker ? { onCommandError: (error, { errorId, ...context }) => tracker.track(error, 'command', errorId, context) } : {}),
        onFatal: options.onFatal ?? ((error) => log.fatal({ err: error }, 'the bot cannot continue')),
      }).catch(async (error: unknown) => {
        await logSink.close(1_000);
        throw error;
      });
      app.bot = bot;
      stoppers.push(() => bot.stop());
      if (!bot.discord && !options.worker) {
        log.warn('the bot is off: set DISCORD_TOKEN to connect it to Discord');
        if (options.console) stoppers.push(startConsole({ dispatcher: bot.dispatcher, prefix: config.COMMAND_PREFIX, reminders, ...options.console }));
      }
      if (!options.api) {
        // A bot-only process still answers /health for its orchestrator.
        const router = botHealthRouter(bot, { metrics, token: config.METRICS_TOKEN });
        app.url = await serve(createHttpServer({ router, log, bodyLimit: 1_024, requestTimeoutMs: 5_000, connections: connectionLimits(config) }), config, stoppers);
        log.info({ url: app.url }, 'bot health endpoint listening');
      }
    }
    return app;
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** The API a split bot talks to; both variables are required in that mode. */
function splitBotApi(config: Config) {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN: required to run the bot');
  if (!config.API_URL) throw new ConfigError('API_URL: required in bot mode (the bot reads commands from the API and sends it its logs)');
  if (!config.API_TOKEN) throw new ConfigError('API_TOKEN: required in bot mode, the same token as the API process');
  return createApiClient(config.API_URL, config.API_TOKEN);
}

async function serve(http: HttpServer, config: Config, stoppers: (() => Promise<void> | void)[]): Promise<string> {
  const address = await http.listen(config.PORT, config.HOST);
  stoppers.push(() => http.close());
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
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

/** The HTTP server's slow-client limits, from the config. */
function connectionLimits(config: Config): ConnectionLimits {
  return {
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: config.HTTP_BODY_TIMEOUT_MS,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: config.HTTP_MAX_CONNECTIONS,
  };
}
