// The bot: the modules' commands, the dispatcher, and its transports — the Discord gateway when
// there is a token, the local console otherwise. Gateway events go to the modules that handle them.
import { type API, GatewayDispatchEvents } from '@discordjs/core';
import type { APIMessageComponentInteraction, APIModalSubmitInteraction } from 'discord-api-types/v10';
import type { Config } from '../config.ts';
import type { ChannelOwnership } from '../features/channels/ownership.ts';
import type { LogSink } from '../features/logs/writer.ts';
import type { SettingsStore } from '../features/settings/store.ts';
import type { BotServices, Precondition } from '../module-kit/command-types.ts';
import { type CooldownStore, memoryCooldowns } from '../module-kit/cooldowns/cooldowns.ts';
import { gatewayIntents, intentBits } from '../module-kit/intents.ts';
import { enabledInGuild, moduleEnabled } from '../module-kit/preconditions.ts';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';
import { type Registrar, startRegistrar } from './application-commands.ts';
import { connectToDiscord, type DiscordConnection } from './discord.ts';
import { createDispatcher, type Dispatcher, type OnCommandError } from './dispatcher.ts';
import { handleInteraction, handleMessage } from './gateway-events.ts';
import { createGuildLanes } from './guild-lanes.ts';
import { checkShardPlan } from './shard-plan.ts';

export interface BotOptions {
  config: Config;
  log: Logger;
  settings: SettingsStore;
  logSink: LogSink;
  /** The modules this process runs: their commands, event handlers and components. */
  modules: ModuleRuntime;
  onFatal(error: Error): void;
  /** Default: in-process cooldowns. */
  cooldowns?: CooldownStore;
  onCommandError?: OnCommandError;
  /** Checks before every built-in and plugin command, ahead of its own (the dispatcher's DispatcherOptions). */
  preconditions?: readonly Precondition[];
  metrics?: Metrics;
  /** Learns the guilds' channels from this bot's gateway, for the checks before sending to a stored channel. */
  channels?: ChannelOwnership;
  /** With Redis, shards share the identify limit and keep their sessions across restarts. */
  redis?: RedisLink;
  /** Told the Discord client as soon as it exists, before the gateway connects: a click comes in before startBot returns. */
  onApi?: (api: API) => void;
  /** The gateway connects once this is fulfilled (the API listening, in a process with both); its rejection ends the start first. */
  connectAfter?: Promise<unknown> | undefined;
}

export interface Bot {
  dispatcher: Dispatcher;
  /** What commands and the modules' command hooks are given (a worker registers application commands with them). */
  services: BotServices;
  /** The Discord API client, once connected (a worker's is its own REST). */
  api?: API;
  /** Readiness other than "every shard ready" (a worker: it is reading the stream). */
  readiness?: () => Promise<{ ok: boolean; checks: Record<string, unknown> }>;
  /** Set when connected to Discord. */
  discord?: DiscordConnection;
  /** Registers the commands' slash forms and the modules' application commands; set when connected to Discord. */
  registrar?: Registrar;
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, log, settings, logSink, modules, cooldowns, onCommandError, preconditions, metrics } = options;
  const registry = modules.registry.commands;
  const services: BotServices = {
    prefix: config.COMMAND_PREFIX,
    settings,
    registry,
    latencyMs: () => bot.discord?.latencyMs() ?? null,
    cooldowns: cooldowns ?? memoryCooldowns(),
    modules,
  };
  // A guild's turned-off modules and built-ins are refused first, before a command's own checks.
  const dispatcher = createDispatcher(services, logSink, log, {
    onError: onCommandError,
    preconditions: [moduleEnabled, enabledInGuild, ...(preconditions ?? [])],
    lanes: createGuildLanes({ ratePerSecond: config.GUILD_COMMAND_RATE, burst: config.GUILD_COMMAND_BURST }),
    onShed: shedReporter(log, metrics),
  });
  // Each part registers its stop as it starts; they run in reverse, so the log sink closes last.
  const stoppers: (() => Promise<void> | void)[] = [() => logSink.close()];
  const bot: Bot = {
    dispatcher,
    services,
    async stop() {
      for (const stop of stoppers.splice(0).reverse()) await stop();
    },
  };
  if (!config.DISCORD_TOKEN) return bot;
  checkShardPlan(config);
  try {
    await connect(bot, stoppers, { ...options, token: config.DISCORD_TOKEN, services, dispatcher });
  } catch (error) {
    // What started before the failure stops here: the caller gets no bot to stop. The start's error is
    // the one to report; a stop that fails as well is only logged.
    await bot.stop().catch((stopError: unknown) => log.warn({ err: stopError }, 'could not stop what the bot had started'));
    throw error;
  }
  return bot;
}

/** Connects `bot` to Discord: the client, the registrar, the event handlers, then the gateway. Each part started pushes its stop onto `stoppers`. */
async function connect(
  bot: Bot,
  stoppers: (() => Promise<void> | void)[],
  { config, log, modules, onFatal, metrics, channels, redis, onApi, connectAfter, token, services, dispatcher }: BotOptions & { token: string; services: BotServices; dispatcher: Dispatcher },
): Promise<void> {
  const { wanted, optional } = gatewayIntents(modules.registry.intents());
  const discord = connectToDiscord(config, {
    token,
    log,
    onFatal,
    metrics,
    redis,
    intents: intentBits(wanted),
    optionalIntents: optional.length
      ? {
          bits: intentBits(optional),
          onRefused() {
            // A module that can do without the refused intent stays available; only its events for it never come.
            const needing = modules.registry.modules
              .filter((m) => m.intents.some((intent) => optional.includes(intent) && !m.definition.optionalIntents?.includes(intent)))
              .map((m) => m.name);
            const reason = `Discord refused the privileged intent ${optional.join(' and ')}: turn it on in the Developer Portal (your application → Bot → Privileged Gateway Intents), then restart`;
            log.error({ intents: optional, modules: needing }, `${reason}; connected without it, and these modules are unavailable: ${needing.join(', ')}`);
            modules.markUnavailable(needing, reason);
          },
        }
      : undefined,
  });
  bot.discord = discord;
  bot.api = discord.client.api;
  onApi?.(bot.api);
  stoppers.push(() => discord.destroy());
  const { client } = discord;
  // Before connecting: the channels of every guild arrive in the GUILD_CREATEs that follow READY.
  channels?.observe(client);
  const application = await client.api.applications.getCurrent();
  // Registered while the gateway connects: Discord sends an interaction of a command only once it has
  // the command, and the handlers are in place before the first event. A guild is registered by the
  // process whose shards hold it (every bot process hears every change).
  const registrar = startRegistrar({
    api: client.api,
    applicationId: application.id,
    modules,
    services,
    config,
    log,
    ownsGuild: (guildId) => discord.guildName(guildId) !== undefined,
  });
  bot.registrar = registrar;
  stoppers.push(() => registrar.stop());
  // A guild with a module's application commands gets them (skipped when Discord has them).
  client.on(GatewayDispatchEvents.GuildCreate, ({ data }) => registrar.guildAvailable(data.id));
  const onComponent = componentHandler(modules, log);
  client.on(GatewayDispatchEvents.Ready, ({ data }) => modules.warm(data.guilds.map((guild) => guild.id)));
  // Each event a module handles goes to the modules on in its guild (the runtime isolates each handler).
  for (const event of modules.registry.events) {
    client.on(event as GatewayDispatchEvents.MessageCreate, ({ data }) => void modules.deliver(event, data));
  }
  const events = { api: client.api, dispatcher, guildName: discord.guildName, log, onComponent };
  // Handlers never throw into the emitter: the dispatcher reports its own failures.
  client.on(GatewayDispatchEvents.MessageCreate, ({ data }) => void handleMessage(data, events));
  client.on(GatewayDispatchEvents.InteractionCreate, ({ data }) => void handleInteraction(data, application.id, events));
  await connectAfter;
  await discord.connect();
  await registrar.registered;
  log.info({ shards: await discord.gateway.getShardIds() }, 'bot connected to Discord');
  // What the modules start once connected (a scheduler) stops before the connection goes: sends in flight finish and are recorded.
  stoppers.push(await modules.connected({ discord: client.api }));
}

/** Buttons, select menus and modals: each goes to the module whose custom_id it carries. */
export function componentHandler(modules: ModuleRuntime, log: Logger) {
  return async (interaction: APIMessageComponentInteraction | APIModalSubmitInteraction) => {
    try {
      await modules.interact(interaction);
    } catch (error) {
      log.error({ err: error }, 'button press failed');
    }
  };
}

/** Counts each command dropped for its guild's budget; says so in the log once a minute per guild, not per message. */
function shedReporter(log: Logger, metrics: Metrics | undefined): (guildId: string) => void {
  const told = new Map<string, number>();
  return (guildId) => {
    metrics?.commandsShed.inc();
    const now = Date.now();
    if (now - (told.get(guildId) ?? 0) < 60_000) return;
    // Forget guilds told long ago, so a stream of flooding guilds cannot grow this without bound.
    for (const [id, at] of told) if (now - at >= 60_000) told.delete(id);
    told.set(guildId, now);
    log.warn({ guild: guildId }, 'guild over its command budget (GUILD_COMMAND_RATE): commands from its messages are being dropped');
  };
}

