// `bin/app gateway`: holds this process's shards (SHARD_COUNT, SHARD_IDS), publishes every dispatch
// to the Redis stream the workers read, forwards gateway sends that workers ask for, and runs no
// commands. Serves /health (ready when its shards are) and /metrics.

import { WebSocketShardEvents } from '@discordjs/ws';
import type { GatewaySendPayload } from 'discord-api-types/v10';
import { connectToDiscord } from '../bot/discord.ts';
import { checkShardPlan } from '../bot/shard-plan.ts';
import { type Config, ConfigError } from '../config.ts';
import { gatewayIntents, intentBits } from '../module-kit/intents.ts';
import { collectModules } from '../module-kit/registry.ts';
import { BUILT_IN_MODULES } from '../modules/index.ts';
import { Router } from '../platform/http/router.ts';
import { createHttpServer } from '../platform/http/server.ts';
import type { Logger } from '../platform/log.ts';
import { warnIfMetricsOpen } from '../platform/metrics/exposure.ts';
import { metricsHandler } from '../platform/metrics/handler.ts';
import { createMetrics } from '../platform/metrics/registry.ts';
import { connectRedis, type RedisLink } from '../platform/redis/client.ts';
import { createDispatchPublisher, ensureGroup, observeStream, streamKeys } from './dispatch-stream.ts';

/** The pub/sub channel on which workers ask the gateway to send a payload on a shard. */
export const GATEWAY_SEND_CHANNEL = 'gateway:send';

/** Asks whichever gateway holds `shardId` to send `payload` on it (a worker has no gateway of its own). */
export async function askGatewayToSend(redis: RedisLink, shardId: number, payload: GatewaySendPayload): Promise<void> {
  await redis.publish(GATEWAY_SEND_CHANNEL, JSON.stringify({ shard_id: shardId, payload }));
}

export interface GatewayProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startGateway(config: Config, log: Logger, onFatal: (error: Error) => void): Promise<GatewayProcess> {
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN: required in gateway mode');
  if (!config.REDIS_URL) throw new ConfigError('REDIS_URL: required in gateway mode (the gateway hands events to workers through Redis Streams)');
  checkShardPlan(config);
  const token = config.DISCORD_TOKEN;
  const metrics = createMetrics();
  const stoppers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stoppers.reverse().splice(0)) await Promise.resolve(step()).catch((error: unknown) => log.error({ err: error }, 'error while stopping'));
  };
  try {
    const redis = connectRedis({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, timeoutMs: config.REDIS_TIMEOUT_MS, log, metrics });
    stoppers.push(() => redis.close());
    if (!(await redis.ready(config.REDIS_TIMEOUT_MS * 8))) throw new Error('Redis is not reachable; the gateway has nowhere to put events');
    // Created now so that no event published before the first worker starts is missed.
    await ensureGroup(redis.client, streamKeys(redis.prefix).dispatches);
    observeStream(redis, metrics);
    const publisher = createDispatchPublisher(redis, { maxLength: config.STREAM_MAX_LENGTH }, log, metrics);

    // The workers run the modules; the gateway asks Discord for the events they handle.
    const { modules } = await collectModules(BUILT_IN_MODULES, config.PLUGINS_DIR, log);
    const { wanted, optional } = gatewayIntents(modules.flatMap((m) => m.intents));
    const discord = connectToDiscord(config, {
      token,
      log,
      onFatal,
      metrics,
      redis,
      intents: intentBits(wanted),
      optionalIntents: optional.length
        ? { bits: intentBits(optional), onRefused: () => log.error({ intents: optional }, `Discord refused the privileged intent ${optional.join(' and ')}: turn it on in the Developer Portal (your application → Bot → Privileged Gateway Intents); connected without it`) }
        : undefined,
    });
    stoppers.push(() => discord.destroy());
    discord.gateway.on(WebSocketShardEvents.Dispatch, (payload, shardId) => {
      const guildId = (payload.d as { guild_id?: string } | null)?.guild_id ?? (payload.t === 'GUILD_CREATE' ? (payload.d as { id: string }).id : undefined);
      void publisher.publish(payload.t, shardId, guildId ? (discord.guildName(guildId) ?? null) : null, payload.d);
    });
    await redis.subscribe(
      GATEWAY_SEND_CHANNEL,
      (message) => {
        const { shard_id: shardId, payload } = JSON.parse(message) as { shard_id: number; payload: GatewaySendPayload };
        void discord.gateway.getShardIds().then((ids) => {
          if (ids.includes(shardId)) return discord.gateway.send(shardId, payload);
        });
      },
      () => log.warn('gateway send requests may have been missed while Redis was away'),
    );

    const router = new Router()
      .get('/metrics', metricsHandler(metrics, config.METRICS_TOKEN))
      .get('/health/live', () => ({ headers: { 'cache-control': 'no-store' }, body: { status: 'ok' } }));
    const ready = async () => {
      const shards = await discord.shardStatus();
      const ok = Object.values(shards).length > 0 && Object.values(shards).every((status) => status === 'ready');
      return { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' }, body: { status: ok ? 'ok' : 'failing', checks: { gateway: { status: ok ? 'ok' : 'failing', shards } } } };
    };
    router.get('/health/ready', ready).get('/health', ready);
    const http = createHttpServer({ router, log, bodyLimit: 1_024, requestTimeoutMs: 5_000, logProbes: config.ACCESS_LOG_PROBES });
    const address = await http.listen(config.PORT, config.HOST);
    stoppers.push(() => http.close());
    const url = `http://${address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address}:${address.port}`;
    log.info({ url }, 'gateway health endpoint listening');
    warnIfMetricsOpen(config, log);

    await discord.connect();
    log.info({ shards: await discord.gateway.getShardIds() }, 'gateway connected to Discord; publishing to Redis');
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
