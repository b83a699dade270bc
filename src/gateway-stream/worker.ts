// `bin/app worker`: runs the bot's command pipeline on gateway events read from the Redis stream
// instead of from shards of its own. Any number of workers share the stream (one consumer group);
// replies go out over REST. An event never answers twice: one published twice is handled once (ids
// of handled events are kept in Redis), and one re-run after its worker died replies with the same
// nonce, which Discord enforces (see gateway-events.ts).

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { API } from '@discordjs/core';
import { type APIInteraction, type APIMessage, GatewayDispatchEvents } from 'discord-api-types/v10';
import { startRegistrar } from '../bot/application-commands.ts';
import { createRest } from '../bot/discord.ts';
import { handleInteraction, handleMessage } from '../bot/gateway-events.ts';
import { type Bot, type BotOptions, componentHandler, startBot } from '../bot/index.ts';
import { ConfigError } from '../config.ts';
import { startDispatchConsumer } from './consumer.ts';
import { type DispatchEntry, observeStream } from './dispatch-stream.ts';

export async function startWorker(options: BotOptions): Promise<Bot> {
  const { config, log, redis, metrics } = options;
  if (!redis) throw new ConfigError('REDIS_URL: required in worker mode (workers read gateway events from Redis Streams)');
  if (!config.DISCORD_TOKEN) throw new ConfigError("DISCORD_TOKEN: required in worker mode (workers reply through Discord's REST API)");
  // The pipeline without a gateway of its own: the stream below is its transport.
  const bot = await startBot({ ...options, config: { ...config, DISCORD_TOKEN: undefined } });
  const rest = createRest({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, globalRateLimit: config.DISCORD_GLOBAL_RATE_LIMIT, metrics, log });
  const api = new API(rest);
  options.onApi?.(api);
  const application = await api.applications.getCurrent();
  // The built-ins with the modules' application commands; a worker answers every guild, so each
  // registers every change (a list Discord already has is not written again).
  const registrar = startRegistrar({ api, applicationId: application.id, modules: options.modules, services: bot.services, config, log });
  await registrar.registered;
  bot.api = api;
  const onComponent = componentHandler(options.modules, log);
  const context = { api, dispatcher: bot.dispatcher, log, onComponent };

  const handle = async (entry: DispatchEntry) => {
    const events = { ...context, guildName: () => entry.guildName ?? undefined };
    if (entry.type === GatewayDispatchEvents.MessageCreate) await handleMessage(entry.data as APIMessage, events);
    else if (entry.type === GatewayDispatchEvents.InteractionCreate) await handleInteraction(entry.data as APIInteraction, application.id, events);
    // Every other event (and messages too) goes to the modules that handle it, on in its guild.
    await options.modules.deliver(entry.type, entry.data);
  };
  const consumer = await startDispatchConsumer({
    redis,
    settings: { maxLength: config.STREAM_MAX_LENGTH, claimIdleMs: config.STREAM_CLAIM_IDLE_MS, maxDeliveries: config.STREAM_MAX_DELIVERIES },
    consumer: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    handle,
    eventKey: (entry) => {
      const id = (entry.data as { id?: unknown } | null)?.id;
      return (entry.type === GatewayDispatchEvents.MessageCreate || entry.type === GatewayDispatchEvents.InteractionCreate) && typeof id === 'string' ? id : null;
    },
    // A failed write still acknowledges: its rows stay queued and are retried. Holding the events
    // instead stalled the worker through a database outage, ran each one's module handlers again
    // when it was claimed back, and dead-lettered it after STREAM_MAX_DELIVERIES; a worker that dies
    // during an outage loses its queued rows, as a bot process does.
    beforeAck: () => options.logSink.flush(),
    log,
    metrics,
  });
  if (metrics) observeStream(redis, metrics);
  log.info('worker reading gateway events from Redis');
  // What the modules start on the worker's REST (a scheduler), as a bot does once connected.
  const stopConnected = await options.modules.connected({ discord: api });
  const stopPipeline = bot.stop;
  return {
    ...bot,
    registrar,
    async readiness() {
      const ok = consumer.isConsuming();
      return { ok, checks: { stream: { status: ok ? 'ok' : 'failing' } } };
    },
    async stop() {
      registrar.stop();
      // Events in hand are handled and acknowledged before the log writer flushes and closes.
      await consumer.stop();
      await stopConnected();
      await stopPipeline();
      rest.clearHandlerSweeper();
      rest.clearHashSweeper();
    },
  };
}
