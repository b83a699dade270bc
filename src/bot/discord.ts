// The connection to Discord: REST, the gateway shard manager and the event client, with no caches
// beyond the two small maps the commands need (guild names, heartbeat latency per shard).
import { Client, GatewayDispatchEvents } from '@discordjs/core';
import { DefaultRestOptions, REST } from '@discordjs/rest';
import { type IIdentifyThrottler, type SessionInfo, WebSocketManager, WebSocketShardEvents, WebSocketShardStatus } from '@discordjs/ws';
import type { Config } from '../config.ts';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';
import { buildRedisIdentifyThrottler } from './identify-throttler.ts';
import { type GatewaySessionStore, memorySessionStore, redisSessionStore } from './session-store.ts';

/** Close codes after which reconnecting cannot help: a bad token, a bad shard, bad intents.
 *  https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes */
const FATAL_CLOSE_CODES = new Map([
  [4004, 'authentication failed (check DISCORD_TOKEN)'],
  [4010, 'invalid shard (check SHARD_IDS and SHARD_COUNT)'],
  [4011, 'sharding required (set SHARD_COUNT)'],
  [4012, 'invalid gateway API version'],
  [4013, 'invalid intents'],
  [4014, 'disallowed intents (turn on the Message Content intent: Developer Portal → your application → Bot → Privileged Gateway Intents)'],
]);

export interface DiscordOptions {
  token: string;
  apiUrl: string;
  /** Requests a second across all routes (Discord's global limit). */
  globalRateLimit: number;
  /** The gateway intents' bits: what the loaded modules need. */
  intents: number;
  /**
   * Privileged intents only some modules need: when Discord refuses them (4014, not granted in the
   * Developer Portal), the gateway connects again without them and `onRefused` is told, once.
   */
  optionalIntents?: { bits: number; onRefused(): void } | undefined;
  shardCount?: number | undefined;
  shardIds?: number[] | undefined;
  log: Logger;
  /** Called once when the gateway closes for a reason reconnecting cannot fix. */
  onFatal(error: Error): void;
  metrics?: Metrics | undefined;
  /** Default: the library's in-process throttler (5 s per bucket, this process only). */
  buildIdentifyThrottler?: ((manager: WebSocketManager) => Promise<IIdentifyThrottler>) | undefined;
  /** Default: sessions in memory, lost with the process. */
  sessions?: GatewaySessionStore | undefined;
}

export interface DiscordConnection {
  client: Client;
  rest: REST;
  gateway: WebSocketManager;
  /** Connects every shard; without the optional intents when Discord refuses them. */
  connect(): Promise<void>;
  guildName(guildId: string): string | undefined;
  /** Mean heartbeat round trip over this process's shards, once measured. */
  latencyMs(): number | null;
  shardStatus(): Promise<Record<number, 'idle' | 'connecting' | 'resuming' | 'ready'>>;
  destroy(): Promise<void>;
}

/**
 * The REST client, its requests and rate limits counted in `metrics` (a worker's, which has no
 * gateway, too). Requests are counted in `makeRequest`, not on the 'response' event: with a listener
 * there, the library clones every response (teeing its body), which was a tenth of the CPU of each
 * custom-command reply.
 */
export function createRest({ token, apiUrl, globalRateLimit, metrics, log }: Pick<DiscordOptions, 'token' | 'apiUrl' | 'globalRateLimit' | 'metrics' | 'log'>): REST {
  const restRequests = metrics?.restRequests;
  const rest = new REST({
    api: apiUrl,
    version: '10',
    globalRequestsPerSecond: globalRateLimit,
    ...(restRequests
      ? {
          async makeRequest(url: string, init: Parameters<typeof DefaultRestOptions.makeRequest>[1]) {
            const response = await DefaultRestOptions.makeRequest(url, init);
            restRequests.inc({ method: init.method ?? 'GET', status: response.status });
            return response;
          },
        }
      : {}),
  }).setToken(token);
  rest.on('rateLimited', (info) => {
    metrics?.restRateLimits.inc({ global: String(info.global) });
    log.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'Discord rate limit');
  });
  return rest;
}

/** The connection `config` asks for; with Redis, shards share the identify limit and keep their sessions there. */
export function connectToDiscord(
  config: Pick<Config, 'DISCORD_API_URL' | 'DISCORD_GLOBAL_RATE_LIMIT' | 'SHARD_COUNT' | 'SHARD_IDS'>,
  { token, redis, ...rest }: Pick<DiscordOptions, 'token' | 'log' | 'onFatal' | 'metrics' | 'intents' | 'optionalIntents'> & { redis?: RedisLink | undefined },
): DiscordConnection {
  const { log, metrics } = rest;
  return createDiscordConnection({
    ...rest,
    token,
    apiUrl: config.DISCORD_API_URL,
    globalRateLimit: config.DISCORD_GLOBAL_RATE_LIMIT,
    shardCount: config.SHARD_COUNT,
    shardIds: config.SHARD_IDS,
    ...(redis
      ? { buildIdentifyThrottler: buildRedisIdentifyThrottler({ redis, token, log, metrics }), sessions: redisSessionStore({ redis, token, log }) }
      : {}),
  });
}

export function createDiscordConnection(options: DiscordOptions): DiscordConnection {
  const { log } = options;
  const rest = createRest(options);
  // Sessions are kept per manager rather than in the library's process-wide default store.
  const sessions = options.sessions ?? memorySessionStore();
  const gateway = new WebSocketManager({
    token: options.token,
    intents: options.intents,
    rest,
    shardCount: options.shardCount ?? null,
    shardIds: options.shardIds ?? null,
    // The library types these as synchronous but awaits them.
    retrieveSessionInfo: (shardId) => sessions.retrieve(shardId) as SessionInfo | null,
    updateSessionInfo: (shardId, info) => sessions.update(shardId, info),
    ...(options.buildIdentifyThrottler ? { buildIdentifyThrottler: options.buildIdentifyThrottler } : {}),
  });
  const client = new Client({ rest, gateway });
  const guildNames = new Map<string, string>();
  const latencies = new Map<number, number>();
  let fatal = false;
  let stopping = false;
  // Until Discord refuses them once: connect() then goes on without them.
  let optional = options.optionalIntents;

  client.on(GatewayDispatchEvents.GuildCreate, ({ data }) => {
    if ('name' in data) guildNames.set(data.id, data.name);
  });
  client.on(GatewayDispatchEvents.GuildUpdate, ({ data }) => guildNames.set(data.id, data.name));
  client.on(GatewayDispatchEvents.GuildDelete, ({ data }) => {
    if (!data.unavailable) guildNames.delete(data.id);
  });
  gateway.on(WebSocketShardEvents.HeartbeatComplete, ({ latency }, shardId) => latencies.set(shardId, latency));
  gateway.on(WebSocketShardEvents.Ready, (data, shardId) => log.info({ shardId, guilds: data.guilds.length, user: data.user.username }, 'gateway ready'));
  gateway.on(WebSocketShardEvents.Resumed, (shardId) => log.info({ shardId }, 'gateway session resumed'));
  gateway.on(WebSocketShardEvents.Closed, (code, shardId) => {
    if (stopping) return;
    const reason = FATAL_CLOSE_CODES.get(code);
    if (!reason) {
      options.metrics?.gatewayReconnects.inc({ shard: shardId });
      log.warn({ shardId, code }, 'gateway connection closed; reconnecting');
      return;
    }
    if (fatal) return;
    if (code === 4014 && optional) return;
    fatal = true;
    options.onFatal(new Error(`Discord closed the gateway with ${code}: ${reason}`));
  });
  if (options.metrics) {
    const { gatewayEvents } = options.metrics;
    gateway.on(WebSocketShardEvents.Dispatch, (payload) => gatewayEvents.inc({ type: payload.t }));
    // Read from the gateway at scrape time, so a shard that never got ready shows 0 rather than nothing.
    options.metrics.gaugeBy('concord_gateway_shard_ready', 'Whether each shard of this process is connected and ready (1) or not (0)', 'shard', async () => {
      const status = await gateway.fetchStatus();
      return Object.fromEntries([...status].map(([id, s]) => [id, s === WebSocketShardStatus.Ready ? 1 : 0]));
    });
  }
  gateway.on(WebSocketShardEvents.Error, (error, shardId) => log.error({ err: error, shardId }, 'gateway error'));

  const STATUS = { [WebSocketShardStatus.Idle]: 'idle', [WebSocketShardStatus.Connecting]: 'connecting', [WebSocketShardStatus.Resuming]: 'resuming', [WebSocketShardStatus.Ready]: 'ready' } as const;

  return {
    client,
    rest,
    gateway,
    async connect() {
      try {
        await gateway.connect();
      } catch (error) {
        // A shard's connect rejects with this when Discord closes with 4014.
        if (!optional || !(error instanceof Error && /disallowed intents/i.test(error.message))) throw error;
        const refused = optional;
        optional = undefined;
        await gateway.destroy();
        // The manager reads its intents at each connect.
        (gateway.options as { intents: number }).intents = options.intents & ~refused.bits;
        refused.onRefused();
        await gateway.connect();
      }
    },
    guildName: (guildId) => guildNames.get(guildId),
    latencyMs() {
      if (latencies.size === 0) return null;
      return [...latencies.values()].reduce((a, b) => a + b, 0) / latencies.size;
    },
    async shardStatus() {
      const status = await gateway.fetchStatus();
      return Object.fromEntries([...status].map(([id, s]) => [id, STATUS[s]]));
    },
    async destroy() {
      stopping = true;
      if (sessions.survivesRestart) {
        // Discord ends a session closed with 1000/1001; any other code leaves it for the next process to resume.
        sessions.stopping();
        await gateway.destroy({ code: 4200, reason: 'restarting; resume this session' });
        await sessions.flush();
      } else {
        await gateway.destroy();
      }
      rest.clearHandlerSweeper();
      rest.clearHashSweeper();
    },
  };
}
