// Builds the parts a mode needs (database, API, bot), starts them, and stops them in reverse order.
import { createApiRouter } from './api/index.ts';
import { resolveApiToken } from './api-token.ts';
import { apiCommandSource, apiLogWrite, createApiClient } from './bot/api-client.ts';
import { startConsole } from './bot/console.ts';
import { botHealthRouter } from './bot/health.ts';
import { type Bot, startBot } from './bot/index.ts';
import { createLogWriter, type LogWriterOptions } from './bot/log-writer.ts';
import { type Config, ConfigError } from './config.ts';
import { sqlCommandSource } from './custom-commands/sql-source.ts';
import { type CommandStore, createCommandStore } from './custom-commands/store.ts';
import { type Database, openDatabase } from './db/connect.ts';
import { insertLogs } from './db/logs.ts';
import { migrateUp } from './db/migrate.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import type { Logger } from './log.ts';
import { VERSION } from './version.ts';

export interface AppOptions {
  config: Config;
  log: Logger;
  api: boolean;
  bot: boolean;
  /** Called with a generated API token so the CLI can show it once. */
  onGeneratedToken?: (token: string, file: string) => void;
  /** Where the local console reads and writes when the bot has no Discord token (all mode). */
  console?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** The gateway closed for good (bad token…): the process should end non-zero. */
  onFatal?: (error: Error) => void;
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
  try {
    let store: CommandStore | undefined;
    let writeLogs: LogWriterOptions['write'] | undefined;

    if (options.api) {
      const db = await openDatabase(config, log);
      app.db = db;
      stoppers.push(() => db.close());
      if (config.MIGRATE) {
        const applied = await migrateUp(db.sql);
        log.info({ applied }, applied.length ? 'applied migrations' : 'database schema is up to date');
      }
      if (options.bot) {
        // In one process the bot uses the data layer directly; API changes drop its cache at once.
        store = createCommandStore(sqlCommandSource(db.sql), { ttlMs: 60_000 });
        writeLogs = async (batch) => {
          await insertLogs(db.sql, batch);
        };
      }
      const apiToken = await resolveApiToken(config.API_TOKEN, config.dataDir);
      if (apiToken.file) options.onGeneratedToken?.(apiToken.token, apiToken.file);
      const router = createApiRouter({
        sql: db.sql,
        apiToken: apiToken.token,
        version: VERSION,
        config,
        log,
        onCommandChange: (command) => store?.invalidate(command.guild_id),
      });
      app.url = await serve(createHttpServer({ router, log, bodyLimit: config.BODY_LIMIT_BYTES, requestTimeoutMs: config.REQUEST_TIMEOUT_MS }), config, stoppers);
      log.info({ url: app.url }, 'API listening');
    } else if (options.bot) {
      const api = splitBotApi(config);
      store = createCommandStore(apiCommandSource(api), {
        ttlMs: config.COMMAND_CACHE_TTL_MS,
        onStale: (error) => log.warn({ err: error }, 'API unreachable; using the custom commands last loaded'),
      });
      writeLogs = apiLogWrite(api);
    }

    if (options.bot && store && writeLogs) {
      const logSink = createLogWriter({
        write: writeLogs,
        log,
        intervalMs: config.LOG_FLUSH_INTERVAL_MS,
        batchSize: config.LOG_BATCH_SIZE,
        maxQueue: config.LOG_QUEUE_MAX,
      });
      const bot = await startBot({
        config,
        log,
        commands: store,
        logSink,
        onFatal: options.onFatal ?? ((error) => log.fatal({ err: error }, 'the bot cannot continue')),
      }).catch(async (error: unknown) => {
        await logSink.close(1_000);
        throw error;
      });
      app.bot = bot;
      stoppers.push(() => bot.stop());
      if (!bot.discord) {
        log.warn('the bot is off: set DISCORD_TOKEN to connect it to Discord');
        if (options.console) stoppers.push(startConsole({ dispatcher: bot.dispatcher, prefix: config.COMMAND_PREFIX, ...options.console }));
      }
      if (!options.api) {
        // A bot-only process still answers /health for its orchestrator.
        app.url = await serve(createHttpServer({ router: botHealthRouter(bot), log, bodyLimit: 1_024, requestTimeoutMs: 5_000 }), config, stoppers);
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
