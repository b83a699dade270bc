// Reads the environment (and `.env`) once, validates it, and hands out a frozen Config.
// This is the only module that reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import * as v from 'valibot';
import { isSnowflake, SNOWFLAKE } from './platform/ids.ts';

/** Variables that may hold secrets: each can also come from `NAME_FILE` (Docker secrets). */
export const SECRET_NAMES = [
  'API_TOKEN',
  'DATABASE_URL',
  'DISCORD_TOKEN',
  'DISCORD_CLIENT_SECRET',
  'REDIS_URL',
  'METRICS_TOKEN',
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const quoted = (input: unknown) => JSON.stringify(input);

function integer(min: number, max: number, fallback: string, alsoAllowed?: number) {
  return v.optional(wholeNumber(min, max, alsoAllowed), fallback);
}

function wholeNumber(min: number, max: number, alsoAllowed?: number) {
  return v.pipe(
    v.string(),
    v.check(
      (s) => /^\d+$/.test(s) && ((Number(s) >= min && Number(s) <= max) || Number(s) === alsoAllowed),
      (issue) => `expected an integer ${min}-${max}, got ${quoted(issue.input)}`,
    ),
    v.transform(Number),
  );
}

const httpUrl = v.pipe(
  v.string(),
  v.check(
    (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
    (issue) => `expected an http(s) URL, got ${quoted(issue.input)}`,
  ),
  v.transform((s) => s.replace(/\/+$/, '')),
);

function boolean(fallback: string) {
  return v.pipe(
    v.optional(v.string(), fallback),
    v.check(
      (s) => /^(true|false|1|0|yes|no)$/i.test(s),
      (issue) => `expected true or false, got ${quoted(issue.input)}`,
    ),
    v.transform((s) => /^(true|1|yes)$/i.test(s)),
  );
}

const secret = v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')));
const snowflake = v.pipe(v.string(), v.regex(SNOWFLAKE, (issue) => `expected a Discord id, got ${quoted(issue.input)}`));
const snowflakeList = v.pipe(
  v.optional(v.string(), ''),
  v.check(
    (s) => s.split(',').every((id) => id.trim() === '' || isSnowflake(id.trim())),
    (issue) => `expected a comma-separated list of Discord ids, got ${quoted(issue.input)}`,
  ),
  v.transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean)),
);

const ConfigEntries = v.object({
  // 0 asks the OS for a free port (tests, or a sidecar that reads the logged address).
  PORT: integer(1, 65_535, '3000', 0),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), '0.0.0.0'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol),
        () => 'expected a postgres:// URL',
      ),
    ),
  ),
  DATABASE_POOL_MAX: integer(1, 100, '10'),
  DATABASE_START_TIMEOUT_MS: integer(0, 600_000, '30000'),
  DATA_DIR: v.optional(v.string(), './data'),
  MIGRATE: boolean('true'),
  SEED_EXAMPLES: boolean('true'),
  API_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
  LOG_LEVEL: v.optional(
    v.picklist(LOG_LEVELS, (issue) => `expected one of ${LOG_LEVELS.join(', ')}, got ${quoted(issue.input)}`),
    'info',
  ),
  REQUEST_TIMEOUT_MS: integer(100, 600_000, '30000'),
  BODY_LIMIT_BYTES: integer(1_024, 100 * 1_048_576, String(1_048_576)),
  // Slow clients: the headers, then the whole body, must arrive within these; idle keep-alive
  // connections close after the third; connections past the cap are closed as they open.
  HTTP_HEADERS_TIMEOUT_MS: integer(500, 600_000, '10000'),
  HTTP_BODY_TIMEOUT_MS: integer(500, 3_600_000, '30000'),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000, '5000'),
  HTTP_MAX_CONNECTIONS: integer(1, 1_000_000, '1000'),
  // GET /api/events streams each hold a connection: at most this many per dashboard session, per API
  // token (a split bot holds one), and in all (unset: half of HTTP_MAX_CONNECTIONS, so requests keep room).
  EVENT_STREAMS_PER_SESSION: integer(1, 1_000, '5'),
  EVENT_STREAMS_PER_TOKEN: integer(1, 100_000, '50'),
  EVENT_STREAMS_MAX: v.optional(wholeNumber(1, 1_000_000)),
  // Failed authentications per client address: this many in a row, then this many per minute.
  AUTH_FAILURES_BURST: integer(1, 10_000, '20'),
  AUTH_FAILURES_PER_MINUTE: integer(1, 10_000, '6'),
  // Behind one reverse proxy: the client address is the last X-Forwarded-For entry, not the peer.
  TRUST_PROXY: boolean('false'),
  // Orchestrators probe /health every few seconds: their 2xx answers stay out of the access log unless asked.
  ACCESS_LOG_PROBES: boolean('false'),
  DISCORD_TOKEN: secret,
  DISCORD_API_URL: v.optional(httpUrl, 'https://discord.com/api'),
  DISCORD_DEV_GUILD_ID: v.optional(snowflake),
  // Discord allows a bot 50 requests a second unless it has agreed a higher limit with Discord.
  DISCORD_GLOBAL_RATE_LIMIT: integer(1, 1_000_000, '50'),
  // Each guild's budget for commands from messages: this many a second after a burst of GUILD_COMMAND_BURST
  // (as many again may wait); a flood beyond it is dropped, so one guild cannot spend everyone's REST budget.
  GUILD_COMMAND_RATE: integer(1, 1_000_000, '5'),
  GUILD_COMMAND_BURST: integer(1, 1_000_000, '20'),
  API_URL: v.optional(httpUrl),
  COMMAND_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^\S{1,5}$/, (issue) => `expected 1-5 characters without spaces, got ${quoted(issue.input)}`)),
    '!',
  ),
  PLUGINS_DIR: v.optional(v.string()),
  // A module's event or component handler still running after this long is abandoned (and recorded).
  MODULE_HANDLER_TIMEOUT_MS: integer(100, 600_000, '10000'),
  SHARD_COUNT: v.optional(integer(1, 10_000, '1')),
  SHARD_IDS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+(\s*,\s*\d+)*$/, (issue) => `expected a comma-separated list of shard numbers, got ${quoted(issue.input)}`),
      v.transform((s) => s.split(',').map((id) => Number(id.trim()))),
    ),
  ),
  COMMAND_CACHE_TTL_MS: integer(0, 3_600_000, '5000'),
  // Quiet time after the last change to a guild's slash or context-menu custom commands before they
  // are registered with Discord: a burst of edits is one request.
  SLASH_SYNC_DELAY_MS: integer(0, 600_000, '2000'),
  LOG_FLUSH_INTERVAL_MS: integer(10, 60_000, '1000'),
  LOG_BATCH_SIZE: integer(1, 5_000, '250'),
  LOG_QUEUE_MAX: integer(100, 10_000_000, '100000'),
  ADMIN_USER_IDS: snowflakeList,
  // Dashboard login (Discord OAuth2); unset client id or secret: login is off, the token still works.
  DISCORD_CLIENT_ID: v.optional(snowflake),
  DISCORD_CLIENT_SECRET: secret,
  DISCORD_AUTHORIZE_URL: v.optional(httpUrl, 'https://discord.com/oauth2/authorize'),
  // Where browsers reach the dashboard; the OAuth2 redirect is PUBLIC_URL/auth/callback.
  PUBLIC_URL: v.optional(httpUrl),
  SESSION_TTL_HOURS: integer(1, 8_760, '24'),
  // The reminder scheduler wakes at the next due time, and at least this often to see rows that
  // other processes added.
  REMINDER_POLL_INTERVAL_MS: integer(50, 600_000, '5000'),
  // Pending reminders one user may have at once.
  REMINDERS_PER_USER: integer(1, 10_000, '25'),
  // Shared custom-command cache and cooldowns across processes; unset: in-process only.
  REDIS_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => URL.canParse(s) && /^rediss?:$/.test(new URL(s).protocol),
        () => 'expected a redis:// or rediss:// URL',
      ),
    ),
  ),
  REDIS_KEY_PREFIX: v.optional(v.pipe(v.string(), v.regex(/^[\w:.-]{0,64}$/, (issue) => `expected up to 64 of a-z 0-9 _ : . -, got ${quoted(issue.input)}`)), 'concord:'),
  // Past this a Redis call counts as failed and the database or in-process state answers.
  REDIS_TIMEOUT_MS: integer(10, 10_000, '250'),
  // Gateway/worker split (Redis Streams): entries kept (MAXLEN ~), idle time before another worker
  // takes over an unacknowledged event, and deliveries before it goes to the dead-letter stream.
  STREAM_MAX_LENGTH: integer(1_000, 100_000_000, '100000'),
  STREAM_CLAIM_IDLE_MS: integer(500, 600_000, '5000'),
  STREAM_MAX_DELIVERIES: integer(1, 100, '5'),
  // Bearer token for GET /metrics; unset: /metrics is open (keep it on a private network).
  METRICS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
  // User stats are counted in memory and written this often; a crash loses at most one interval.
  STATS_FLUSH_INTERVAL_MS: integer(100, 600_000, '5000'),
  // The event log's cache of recent messages (for the content of deleted and edited ones), kept only
  // for servers that log messages: at most this many per server and in all, the least recent evicted.
  EVENT_LOG_CACHE_PER_GUILD: integer(0, 10_000_000, '10000'),
  EVENT_LOG_CACHE_MAX: integer(0, 100_000_000, '200000'),
  // Entries for one log channel are posted together (up to 10 embeds a message) at most this often.
  EVENT_LOG_FLUSH_INTERVAL_MS: integer(100, 60_000, '1500'),
  // How long a member or server change waits for Discord's audit-log entry naming who did it.
  EVENT_LOG_AUDIT_WAIT_MS: integer(0, 60_000, '2000'),
});

const ConfigSchema = v.pipe(
  ConfigEntries,
  v.forward(
    v.partialCheck(
      [['EVENT_STREAMS_MAX'], ['HTTP_MAX_CONNECTIONS']],
      (c) => c.EVENT_STREAMS_MAX === undefined || c.EVENT_STREAMS_MAX < c.HTTP_MAX_CONNECTIONS,
      ({ input }) => `expected fewer than HTTP_MAX_CONNECTIONS (${input.HTTP_MAX_CONNECTIONS}), or streams could take every connection; got ${input.EVENT_STREAMS_MAX}`,
    ),
    ['EVENT_STREAMS_MAX'],
  ),
  v.transform((c) => ({ ...c, EVENT_STREAMS_MAX: c.EVENT_STREAMS_MAX ?? Math.max(1, Math.floor(c.HTTP_MAX_CONNECTIONS / 2)) })),
);

export type Config = Readonly<v.InferOutput<typeof ConfigSchema>> & {
  /** Absolute form of DATA_DIR. */
  readonly dataDir: string;
};

/** Thrown for any invalid variable; its message is one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Builds the config from `env` (default: process.env, with `.env` from `cwd` underneath).
 * Each secret `NAME` may instead be read from the file named by `NAME_FILE`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const merged: Record<string, string | undefined> = { ...readDotEnv(cwd), ...env };
  for (const name of SECRET_NAMES) {
    const file = merged[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (merged[name] !== undefined && merged[name] !== '') {
      throw new ConfigError(`${name}_FILE: set together with ${name}; use one of them`);
    }
    try {
      merged[name] = readFileSync(resolve(cwd, file), 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`${name}_FILE: cannot read ${quoted(file)} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  // An empty variable means "unset", as most operators expect from `FOO=` in a compose file.
  const input = Object.fromEntries(
    Object.keys(ConfigEntries.entries)
      .map((key) => [key, merged[key]])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = v.safeParse(ConfigSchema, input);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`);
    throw new ConfigError(problems.join('; '));
  }
  return Object.freeze({ ...result.output, dataDir: resolve(cwd, result.output.DATA_DIR) });
}

function readDotEnv(cwd: string): Record<string, string> {
  const path = resolve(cwd, '.env');
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** The variables the config knows, for checks such as the compose-file test. */
export const CONFIG_NAMES: readonly string[] = [
  ...Object.keys(ConfigEntries.entries),
  ...SECRET_NAMES.map((name) => `${name}_FILE`),
];
