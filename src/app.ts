// Builds the parts a mode needs (database, API, bot), starts them, and stops them in reverse order.
import { createApiRouter } from './api/index.ts';
import { resolveApiToken } from './api-token.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/connect.ts';
import { migrateUp } from './db/migrate.ts';
import { createHttpServer } from './http/server.ts';
import type { Logger } from './log.ts';
import { VERSION } from './version.ts';

export interface AppOptions {
  config: Config;
  log: Logger;
  api: boolean;
  bot: boolean;
  /** Called with the generated API token so the CLI can show it once. */
  onGeneratedToken?: (token: string, file: string) => void;
}

export interface App {
  /** Base URL of the HTTP server, when this process serves the API. */
  url?: string;
  db?: Database;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const stoppers: (() => Promise<void>)[] = [];
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
    if (options.api) {
      const db = await openDatabase(config, log);
      app.db = db;
      stoppers.push(() => db.close());
      if (config.MIGRATE) {
        const applied = await migrateUp(db.sql);
        log.info({ applied }, applied.length ? 'applied migrations' : 'database schema is up to date');
      }
      const apiToken = await resolveApiToken(config.API_TOKEN, config.dataDir);
      if (apiToken.file) options.onGeneratedToken?.(apiToken.token, apiToken.file);
      const router = createApiRouter({ sql: db.sql, apiToken: apiToken.token, version: VERSION, onCommandChange: () => {} });
      const http = createHttpServer({
        router,
        log,
        bodyLimit: config.BODY_LIMIT_BYTES,
        requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      });
      const address = await http.listen(config.PORT, config.HOST);
      stoppers.push(() => http.close());
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      app.url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
      log.info({ url: app.url }, 'API listening');
    }
    if (options.bot) log.warn('the bot is not built yet');
    return app;
  } catch (error) {
    await app.stop();
    throw error;
  }
}
