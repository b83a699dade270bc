// The bot's ports, each deployment shape building them whole: on the data layer (local) or through
// the API (remote). The composition root picks one and starts the bot with it.

import { type Config, ConfigError } from '../config.ts';
import { recordError } from '../features/errors/queries.ts';
import { createErrorTracker, type ErrorTracker } from '../features/errors/tracker.ts';
import { insertLogs } from '../features/logs/queries.ts';
import type { LogWriterOptions } from '../features/logs/writer.ts';
import { createModuleStateStore, type ModuleStateStore, sqlModuleRows } from '../features/modules/store.ts';
import { createSettingsStore, type SettingsStore, sqlSettingsSource } from '../features/settings/store.ts';
import { type CooldownStore, loadPersistentCooldowns } from '../module-kit/cooldowns/cooldowns.ts';
import { redisCooldowns } from '../module-kit/cooldowns/redis.ts';
import type { Sql } from '../platform/db/connect.ts';
import type { Logger } from '../platform/log.ts';
import { type Metrics, timeQuery } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';
import { type ApiClient, apiLogWrite, apiModuleRows, apiSettingsSource, createApiClient } from './api-client.ts';
import { followApiEvents } from './api-events.ts';

/** Everything the bot reads and writes, whichever side of the API it runs on. */
export interface BotPorts {
  settings: SettingsStore;
  /** Each guild's module switches and settings. */
  moduleStates: ModuleStateStore;
  writeLogs: LogWriterOptions['write'];
  errors: ErrorTracker;
  /** Concord's API, where the bot goes through it (modules write there what they would keep in the database). */
  api?: ApiClient;
  /** Absent: the bot keeps cooldowns in memory. */
  cooldowns?: CooldownStore;
}

export interface PortsContext {
  config: Config;
  log: Logger;
  metrics: Metrics;
  redis?: RedisLink;
  /** A guild's custom commands changed in another process (the database's NOTIFY, the API's events): drops this process's copy. */
  commandsChanged(guildId: string | null): void;
  /** Registers what to stop when the app stops (run in reverse). */
  onStop: (stop: () => Promise<void> | void) => void;
}

/** An error tracker writing to the database (the API process, and a bot on the data layer). */
export function sqlErrorTracker({ metrics, log, onStop }: PortsContext, sql: Sql): ErrorTracker {
  const tracker = createErrorTracker((occurrence) => timeQuery(metrics, 'recordError', () => recordError(sql, occurrence)), log);
  // Runs before the database closes: errors being recorded are written first.
  onStop(() => tracker.settled());
  return tracker;
}

/** The bot's ports on the data layer: all mode, and a bot or worker given DATABASE_URL without API_URL. */
export async function localBotPorts(context: PortsContext, sql: Sql, errors: ErrorTracker): Promise<BotPorts> {
  const { log, metrics, redis } = context;
  return {
    settings: createSettingsStore(sqlSettingsSource(sql), { ttlMs: 60_000, onStale: (error) => log.warn({ err: error }, 'could not read server settings; using the copy last loaded') }),
    moduleStates: createModuleStateStore(sqlModuleRows(sql), { ttlMs: 60_000, onStale: (error) => log.warn({ err: error }, "could not read a server's modules; using the copy last loaded") }),
    writeLogs: async (batch) => {
      await timeQuery(metrics, 'insertLogs', () => insertLogs(sql, batch));
    },
    errors,
    // Without Redis, cooldowns live in memory and Postgres, so a restart does not reset them.
    cooldowns: redis ? redisCooldowns(redis) : await loadPersistentCooldowns(sql, log),
  };
}

/** The bot's ports through the API (bot and worker modes given API_URL); the API process owns the schema (migrations). */
export function remoteBotPorts(context: PortsContext, { client: api, url, token }: SplitBotApi): BotPorts {
  const { config, log, redis } = context;
  const settings = createSettingsStore(apiSettingsSource(api), {
    ttlMs: config.COMMAND_CACHE_TTL_MS,
    onStale: (error) => log.warn({ err: error }, 'API unreachable; using the server settings last loaded'),
  });
  const moduleStates = createModuleStateStore(apiModuleRows(api), {
    ttlMs: config.COMMAND_CACHE_TTL_MS,
    onStale: (error) => log.warn({ err: error }, "API unreachable; using the server's modules last loaded"),
  });
  // Edits reach this process at once through the API's change stream; the TTL covers its gaps.
  const changes = followApiEvents({
    baseUrl: url,
    token,
    log,
    onCommandChange: (guildId) => context.commandsChanged(guildId),
    onSettingsChange: (guildId) => settings.invalidate(guildId),
    onModuleChange: (guildId) => moduleStates.invalidate(guildId),
  });
  context.onStop(() => changes.close());
  // A split bot has no database for its errors: they go to the API, like its log batches.
  const errors = createErrorTracker((occurrence) => api.request('POST', '/api/errors', occurrence), log);
  return {
    settings,
    moduleStates,
    writeLogs: apiLogWrite(api),
    errors,
    api,
    ...(redis ? { cooldowns: redisCooldowns(redis) } : {}),
  };
}

export interface SplitBotApi {
  client: ApiClient;
  url: string;
  token: string;
}

/** The API a split bot talks to; checked before anything starts, naming the missing variable. */
export function splitBotApi(config: Config): SplitBotApi {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN: required to run the bot');
  if (!config.API_URL) throw new ConfigError('API_URL: required in bot mode (the bot reads commands from the API and sends it its logs)');
  if (!config.API_TOKEN) throw new ConfigError('API_TOKEN: required in bot mode, the same token as the API process');
  return { client: createApiClient(config.API_URL, config.API_TOKEN), url: config.API_URL, token: config.API_TOKEN };
}
