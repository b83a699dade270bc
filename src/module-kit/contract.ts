// What a module is: one definition that adds commands, gateway event handlers, components, per-guild
// settings, migrations in a schema of its own, HTTP routes and user-data deletion. Built-ins and
// plugins are written to this same contract; the transports load modules and know none by name.
import type { API } from '@discordjs/core';
import type { APIMessageComponentInteraction, APIModalSubmitInteraction, GatewayDispatchPayload, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type * as v from 'valibot';
import type { Config, SecretName } from '../config.ts';
import type { ChannelOwnership } from '../features/channels/ownership.ts';
import type { CommandLogEntry } from '../features/logs/queries.ts';
import type { Sql } from '../platform/db/connect.ts';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { RedisLink } from '../platform/redis/client.ts';
import type { Clock } from '../platform/time/clock.ts';
import type { ApiRoute } from './api-route.ts';
import type { BotServices, Command, DynamicCommands, ReplyOptions } from './command-types.ts';
import type { IntentName } from './intents.ts';
import type { SettingProblem, SettingSpec, SettingValues } from './settings.ts';

/**
 * A module: a name (1-32 of a-z, 0-9 and -, starting with a letter), a description, and any of the rest.
 * `I` is what its `setup` returns in a process, which its handlers get as `ctx.instance`.
 */
export interface ModuleDefinition<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> {
  name: string;
  description: string;
  /** Prefix and slash commands, as built-ins are written (defineCommand) or as plain objects. */
  commands?: readonly Command[];
  /**
   * Commands it makes at run time (a guild's own), which `commands` cannot list: asked for a name no
   * module's command has, for each plain guild message (auto-responses), and for its command buttons.
   */
  dynamicCommands?: DynamicCommands;
  /**
   * Application commands it registers besides its commands' slash forms (a guild's own slash and
   * context-menu commands): Discord replaces a scope's list whole, so the bot registers them with the
   * built-ins of that scope in one request.
   */
  applicationCommands?: ApplicationCommands;
  /**
   * Handlers by Discord's dispatch name (`GUILD_MEMBER_ADD`, `MESSAGE_DELETE`…), called for guilds
   * where the module is on (events without a guild: with `guild` null), each with the event's data.
   */
  events?: EventHandlers<S, I>;
  /** Buttons, select menus and modals whose custom_id the module made with `ctx.customId(name, data)`. */
  components?: { readonly [name: string]: ComponentHandler<S, I> };
  /**
   * custom_id prefixes the module's buttons had before custom_ids were namespaced by module, each to
   * the component that answers it (`{ 'snooze:': 'snooze' }`): buttons already posted in Discord keep
   * working, handed what follows the prefix as `data`. Built-in modules only: a plugin never had such
   * buttons, and must not take one of Concord's.
   */
  customIdPrefixes?: { readonly [prefix: string]: string };
  /**
   * Told of every command used in this process, any module's or a custom one, once it is logged,
   * for guilds where the module is on (in DMs with `guild` null). It runs after the answer and cannot
   * change it: for counting (`stats`). Keep it cheap; it is isolated like an event handler.
   */
  commandUsed?(ctx: ModuleContext<S, I>, use: CommandUse): Promise<void> | void;
  /** Per-guild settings with their kinds and defaults: they validate the API and draw the dashboard form. */
  settings?: S;
  /**
   * Checks a change of settings beyond each value's kind, against the guild (a role the bot cannot
   * give…): each problem names its setting (`autorole_ids.1`), and the change is refused with 422.
   */
  validateSettings?(ctx: ModuleContext<S>, change: Partial<SettingValues<S>>): Promise<readonly SettingProblem[] | undefined> | readonly SettingProblem[] | undefined;
  /**
   * Run after the module's switch or settings in a guild were saved, in the process that saved them,
   * with the guild's context as it now is: for a module that carries its settings outside Concord
   * (rules it keeps in Discord…). Bounded in time like a handler; a failure is logged under the
   * module's name and the change stands.
   */
  settingsChanged?(ctx: ModuleContext<S, I>, change: SettingsChange<S>): Promise<void> | void;
  /** Steps run once each, in order, in the module's own PostgreSQL schema (its queries see it first). */
  migrations?: readonly ModuleMigration[];
  /** HTTP routes, behind the API's authentication and guild access rule (see ModuleRoute's `mount`). */
  routes?: readonly ModuleRoute<S, NoInfer<I>>[];
  /**
   * Routes at paths of Concord's own API (`/api/commands`, `/api/logs`…), written with the API's
   * `route()` (api-route.ts): each states its caller's checks (a guild scope, global admins only) as
   * every API route does, and they are built once per API process from the module's process context,
   * after `setup` (`ctx.instance` is what it returned).
   * Built-in modules only: their paths and wire shapes predate modules and clients depend on them; a
   * plugin's routes are `routes`, below /api/plugins/<module>.
   */
  apiRoutes?(ctx: ModuleProcessContext<I>): readonly ApiRoute[];
  /** Gateway intents it needs beyond those its events imply. */
  intents?: readonly IntentName[];
  /** Intents it can do without: when Discord refuses one, the module stays available and only those events never come. */
  optionalIntents?: readonly IntentName[];
  /** Whether a guild that never switched it has it on; default true. */
  enabledByDefault?: boolean;
  /** Cannot be switched off (the commands that change settings back, `help`). */
  alwaysOn?: boolean;
  /**
   * Run once when the module starts in a process. What it returns (caches, queues, timers: state that
   * lives as long as the process) is handed to every handler in this process as `ctx.instance`.
   * Bounded by MODULE_HANDLER_TIMEOUT_MS: a plugin's that throws or hangs is recorded and the plugin
   * runs without an instance; a built-in's stops the process at start, naming the module.
   */
  setup?(ctx: ModuleSetupContext): I | Promise<I>;
  /**
   * Run once this process's transport is up: connected to Discord (`ctx.discord` is its client), or
   * the local console (`ctx.console`), after `setup`. For work that sends on its own (a scheduler).
   * What it returns, a function, stops that work: it runs before the transport goes, ahead of
   * `teardown`, so sends in flight finish while Discord can still be reached.
   */
  connected?(ctx: ConnectedContext<I>): (() => Promise<void> | void) | undefined | Promise<(() => Promise<void> | void) | undefined>;
  /** Run once when the module stops in a process. */
  teardown?(ctx: ModuleProcessContext<I>): Promise<void> | void;
  /** Deletes everything the module keeps about `userId`; may return (or resolve to) how many rows went. */
  deleteUserData?(ctx: ModuleProcessContext<I>, userId: string): unknown;
}

/** What a module registers in Discord beyond its commands' slash forms, and when that changes. */
export interface ApplicationCommands {
  /** Its application commands in a guild (`null`: the global ones). */
  list(ctx: ApplicationCommandsContext, guildId: string | null): Promise<readonly RESTPostAPIApplicationCommandsJSONBody[]>;
  /** Which of these guilds have any: asked for the burst of GUILD_CREATEs at connection, so the others cost no request. */
  guildsWithAny(ctx: ApplicationCommandsContext, guildIds: readonly string[]): Promise<readonly string[]>;
  /** Calls `changed` with each guild (`null`: the global ones) whose list may have changed, while the process runs. */
  watch(ctx: ApplicationCommandsContext, changed: (guildId: string | null) => void): void;
}

/** What `applicationCommands` gets: the module's view of the process and the bot's services. */
export interface ApplicationCommandsContext extends ModuleProcessContext {
  bot: BotServices;
}

/** A command's use as the command log records it: who, where, which command, and how it went. */
export type CommandUse = Pick<CommandLogEntry, 'command' | 'user_id' | 'guild_id' | 'channel_id' | 'source' | 'status'>;

/** What a saved change did in a guild: whether the module is on there now, and the settings it changed. */
export interface SettingsChange<S extends Record<string, SettingSpec> = Record<string, SettingSpec>> {
  enabled: boolean;
  settings: Partial<SettingValues<S>>;
}

export interface ModuleMigration {
  /** Unique within the module; recorded once it has run. */
  name: string;
  sql: string;
}

/** What every handler gets: the module's view of the process, nothing more. */
export interface ModuleProcessContext<I = unknown> {
  module: string;
  /** postgres.js, in the module's own schema first (absent in a process without the database). */
  sql?: Sql;
  /** The `@discordjs/core` API client (absent in a process not connected to Discord). */
  discord?: API;
  log: Logger;
  /** What `setup` returned in this process (undefined without a setup, or when it failed). */
  instance: I | undefined;
}

/** Concord's configuration as modules see it: every variable but the secrets. */
export type ModuleConfig = Readonly<Omit<Config, SecretName>>;

/** What `setup` gets: the process's view, and the configuration to build the module's instance from. */
export interface ModuleSetupContext extends Omit<ModuleProcessContext, 'instance'> {
  config: ModuleConfig;
  /** What the module takes as now: the system clock, or the one a test moves. */
  clock: Clock;
  /** Which guild a channel is in, as this process knows it: a stored channel is checked before a send. */
  channels: ChannelOwnership;
  /** This process's metrics, where a built-in records its own series: for built-in modules only (a plugin gets none). */
  metrics?: Metrics;
  /** Records a failure of the module's background work (a job, not a handler: those are recorded already) in the error log, with what it was doing. */
  reportError(error: unknown, context: Record<string, unknown>): void;
  /**
   * Tells this process that the module changed some of a guild's data here (`null`: data of no guild,
   * which every guild sees), as its API routes do: the parts of the process that keep a copy of it (the
   * bot's cache, copies shared on Redis) drop it at once, ahead of the database's NOTIFY. Which parts
   * listen is the composition root's wiring (app.ts), by module name; a module nothing listens for
   * tells no one.
   */
  changed(guildId: string | null): void;
  /**
   * Concord's HTTP API, in a process that goes through it instead of the database (a split `bot`,
   * which has `sql` only for what must be local): where the module reads and writes what it would
   * otherwise keep through `sql`, with the API's token: for built-in modules only (the token is a global
   * admin's, over every guild; a plugin gets none). Absent elsewhere.
   */
  api?: ConcordApi;
  /**
   * Redis, where Concord is given REDIS_URL: for built-in modules only (a plugin gets none), to share
   * what they cache across a deployment's processes (custom commands' lists). Absent elsewhere.
   */
  redis?: RedisLink;
}

/** Calls Concord's own HTTP API (`request('POST', '/api/stats/ingest', body)`); a problem answer throws. */
export interface ConcordApi {
  /** `headers` go with the request (who a change is made for: audit's ACTOR_HEADER). */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/** What `connected` gets: the process's view, and the transport that is now up. */
export interface ConnectedContext<I = unknown> extends ModuleProcessContext<I> {
  /** The local console (`bin/app` without a token), in place of Discord: `write` prints a line there. */
  console?: { write(text: string): void };
}

/** A handler's context in one guild: the guild, and this module's settings there. */
export interface ModuleContext<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> extends ModuleProcessContext<I> {
  guild: { id: string } | null;
  settings: SettingValues<S>;
  /** A custom_id routed back to this module's `components[name]`, `data` handed to it (at most 100 characters in all). */
  customId(name: string, data?: string): string;
}

/** A dispatch event's data, as discord-api-types has it (`MESSAGE_DELETE` → its payload's `d`). */
export type DispatchData<E extends string> = Extract<GatewayDispatchPayload, { t: E }>['d'];

export type EventHandlers<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> = {
  readonly [E in GatewayDispatchPayload['t']]?: (ctx: ModuleContext<S, I>, data: DispatchData<E>) => Promise<void> | void;
};

/** The context of a button press, a select menu choice or a modal submit. */
export interface ComponentContext<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> extends ModuleContext<S, I> {
  /** What followed the component's name in its custom_id. */
  data: string;
  user: { id: string };
  /** Answers with a new message (ephemeral when asked); deferred ephemerally first if the handler is slow (over 1.5 s). */
  reply(message: string | ReplyOptions): Promise<void>;
  /** Edits the message the component is on; once deferred, the deferred answer shows it instead. */
  update(message: string | ReplyOptions): Promise<void>;
}

export type ComponentHandler<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> = (
  ctx: ComponentContext<S, I>,
  interaction: APIMessageComponentInteraction | APIModalSubmitInteraction,
) => Promise<void> | void;

export interface ModuleRoute<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below its mount, e.g. `/top` or `/items/:id`. */
  path: string;
  /**
   * `plugin` (the default): below /api/plugins/<module>, the guild named by the `guild_id` query
   * parameter. `guild`: below /api/guilds/:guild_id, beside the guild's other resources; for built-in
   * modules only, so that a plugin cannot take a path of Concord's.
   */
  mount?: 'plugin' | 'guild';
  summary?: string;
  /** The operation's name in the OpenAPI document; by default made of the module's name, the method and the path. */
  operationId?: string;
  /**
   * valibot object schemas, checked before the handler runs (a path that fails is a 404, a query a 400
   * naming `query.<field>`, a body a 422 naming the field) and documented; without one, the raw strings
   * (the body: the parsed JSON). `guild_id` is the mount's own.
   */
  params?: v.ObjectSchema<v.ObjectEntries, undefined>;
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  body?: v.GenericSchema;
  /** Status → what it means and its body's schema, for the document; default a 200 of any JSON. */
  responses?: Record<number, { description: string; schema?: v.GenericSchema }>;
  handler(ctx: RouteContext<S, I>): Promise<unknown> | unknown;
}

/** A route's context: the guild the caller named (`guild_id`) and may use, the request's parts. */
export interface RouteContext<S extends Record<string, SettingSpec> = Record<string, SettingSpec>, I = unknown> extends ModuleContext<S, I> {
  guild: { id: string };
  /** As the route's schemas made them (`defineRoute` types them); the raw strings where it has none. */
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Who is calling: a dashboard user's id, or null for the API token. */
  userId: string | null;
  /** An answer other than a 200 with `body` (what the handler returns otherwise): `return ctx.respond(201, item, { location })`. */
  respond(status: number, body?: unknown, headers?: Record<string, string>): RouteAnswer;
}

/** What `ctx.respond` makes: the status, headers and body of a route's answer. */
export class RouteAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

type Parsed<T, Otherwise> = T extends v.GenericSchema ? v.InferOutput<T> : Otherwise;

/** A route whose handler sees its params, query and body as its schemas make them. */
export interface TypedModuleRoute<P, Q, B, S extends Record<string, SettingSpec>, I> extends Omit<ModuleRoute<S, I>, 'params' | 'query' | 'body' | 'handler'> {
  params?: P;
  query?: Q;
  body?: B;
  handler(ctx: Omit<RouteContext<S, I>, 'params' | 'query' | 'body'> & { params: Parsed<P, Record<string, string>>; query: Parsed<Q, Record<string, string>>; body: Parsed<B, unknown> }): Promise<unknown> | unknown;
}

/** Types a route of a module written in TypeScript from its schemas; at run time it returns its argument. */
export function defineRoute<
  P extends v.ObjectSchema<v.ObjectEntries, undefined> | undefined = undefined,
  Q extends v.ObjectSchema<v.ObjectEntries, undefined> | undefined = undefined,
  B extends v.GenericSchema | undefined = undefined,
  S extends Record<string, SettingSpec> = Record<string, SettingSpec>,
  I = unknown,
>(route: TypedModuleRoute<P, Q, B, S, I>): ModuleRoute<S, I> {
  return route as unknown as ModuleRoute<S, I>;
}

/**
 * Types a module written in TypeScript or with JSDoc; at run time it returns its argument. Its
 * handlers are checked against its own settings and instance; the loader, which knows neither, takes
 * it as a plain ModuleDefinition (the runtime hands each handler the context it was written for).
 */
export function defineModule<const S extends Record<string, SettingSpec>, I = unknown>(definition: ModuleDefinition<S, I>): ModuleDefinition {
  return definition as unknown as ModuleDefinition;
}
