// Runs modules' handlers: gateway events and components reach only the modules on in that guild,
// each with its context (its settings there, its sql, the Discord client, its logger). A handler that
// throws is logged and recorded under its module's name; one that hangs is abandoned after a bounded
// time. Neither stops another module or the process.
import { randomBytes } from 'node:crypto';
import type { API } from '@discordjs/core';
import type { APIMessageComponentInteraction, APIModalSubmitInteraction } from 'discord-api-types/v10';
import type { GuildModule } from '../features/modules/queries.ts';
import type { GuildModules, ModuleStateStore } from '../features/modules/store.ts';
import type { Sql } from '../platform/db/connect.ts';
import type { Logger } from '../platform/log.ts';
import { within } from '../platform/time/within.ts';
import type { ModuleChanges } from './changes.ts';
import type { DynamicCommands, ReplyOptions } from './command-types.ts';
import type { CommandUse, ComponentContext, ConnectedContext, ModuleContext, ModuleProcessContext, ModuleSetupContext } from './contract.ts';
import type { LoadedModule, ModuleRegistry } from './registry.ts';
import { createResponder } from './responder.ts';
import { resolveValues } from './settings.ts';

/** What a module's custom_id starts with: `m:<module>:<component>:<data>`. */
const CUSTOM_ID_PREFIX = 'm:';
/** Discord's limit on a custom_id. */
const CUSTOM_ID_MAX = 100;

export interface ModuleRuntimeOptions {
  registry: ModuleRegistry;
  states: ModuleStateStore;
  /** A module's sql, its schema first; absent in a process without the database. */
  sqlOf?: ((module: LoadedModule) => Sql) | undefined;
  /** The Discord client, once this process has one. */
  discord: () => API | undefined;
  log: Logger;
  /** An unexpected error in a handler, with the short id it was logged under. */
  onError(error: unknown, context: { module: string; handler: string; guild_id: string | null; errorId: string }): void;
  /** A failure of a module's background work, as its `reportError` tells it. */
  onJobError(error: unknown, context: Record<string, unknown> & { module: string }): void;
  /** How long a handler may run before it is abandoned. */
  timeoutMs: number;
  /** What each module's setup gets besides the process's view: the configuration (no secrets), the clock… */
  setup: Pick<ModuleSetupContext, 'config' | 'clock' | 'channels' | 'metrics' | 'api' | 'redis'>;
  /** Where a module's `changed` is published under its name; without it, a change is told to no one. */
  changes?: ModuleChanges | undefined;
}

/** The transport that came up in a process: Discord's client, or the local console. */
export type Transport = Pick<ConnectedContext, 'discord' | 'console'>;

export interface ModuleRuntime {
  readonly registry: ModuleRegistry;
  /** Why a module cannot run in this process (an intent Discord refused), or undefined. */
  unavailable(name: string): string | undefined;
  markUnavailable(names: readonly string[], reason: string): void;
  /** Every module that cannot run here, with why. */
  unavailableModules(): Record<string, string>;
  /** Forgets a guild's copy of its module rows (`null`: every guild's), after a change was announced. */
  invalidate(guildId: string | null): void;
  /** Tells `listener` of each guild whose modules' switches or settings changed, announced by any process (`null`: any guild's may have, while announcements could not arrive); returns its unsubscribe. */
  onGuildChange(listener: (guildId: string | null) => void): () => void;
  isEnabled(module: LoadedModule, guildId: string): Promise<boolean>;
  /** Whether each module is on in the guild, and its settings there, from one read of the guild's rows. */
  guildView(guildId: string): Promise<GuildModules>;
  /**
   * Starts reading these guilds' module rows (READY lists the guilds whose GUILD_CREATEs follow): the
   * burst's events then find them read, and each GUILD_CREATE is dropped once handled, in the young
   * generation, instead of waiting on a query and filling the old one.
   */
  warm(guildIds: readonly string[]): void;
  processContext(module: LoadedModule): ModuleProcessContext;
  context(module: LoadedModule, guildId: string | null): Promise<ModuleContext>;
  /**
   * The modules with dynamic commands that are on in the guild (every one outside guilds; with `on`
   * false, those off there), each with its context there: asked for every unknown name and plain
   * message, so the guild's rows are read once and the contexts are the cached ones.
   */
  dynamicCommandsIn(guildId: string | null, on: boolean, only?: string): Promise<{ dynamic: DynamicCommands; context: ModuleContext }[]>;
  /** Hands a gateway event to every module with a handler for it that is on in the event's guild. */
  deliver(event: string, data: unknown): Promise<void>;
  /** Tells every module with `commandUsed` that is on in the use's guild of a command's use, its `CommandUse` fields only (never throws). */
  commandUsed(use: CommandUse): Promise<void>;
  /** Runs the component a module's custom_id names (or its legacy prefix); false when the custom_id is not a module's. */
  interact(interaction: APIMessageComponentInteraction | APIModalSubmitInteraction): Promise<boolean>;
  /** Runs `work` isolated: bounded in time, its failure recorded under the module's name. */
  isolate(module: LoadedModule, handler: string, guildId: string | null, work: () => unknown): Promise<void> | undefined;
  setup(): Promise<void>;
  /** Runs every module's `connected` with the transport now up; what it returns stops what they started, before the transport goes. */
  connected(transport: Transport): Promise<() => Promise<void>>;
  teardown(): Promise<void>;
  /** Calls every module's deleteUserData; what each deleted (null: it did not say, or failed). */
  deleteUserData(userId: string): Promise<{ module: string; deleted: number | null; error?: string }[]>;
}

/** Whether a module is on in a guild given its row there. */
export function isOn(module: LoadedModule, row: { enabled: boolean | null } | undefined): boolean {
  return module.definition.alwaysOn === true || (row?.enabled ?? module.definition.enabledByDefault ?? true);
}

export function createModuleRuntime(options: ModuleRuntimeOptions): ModuleRuntime {
  const { registry, states, log } = options;
  const processContexts = new Map<string, ModuleProcessContext>();
  // What each module's setup returned in this process.
  const instances = new Map<string, unknown>();
  const processContext = (module: LoadedModule): ModuleProcessContext => {
    let ctx = processContexts.get(module.name);
    if (!ctx) {
      const sql = options.sqlOf?.(module);
      const childLog = log.child({ module: module.name });
      // Getters: the Discord client comes after the modules start, the instance when setup returns.
      ctx = {
        module: module.name,
        ...(sql ? { sql } : {}),
        get discord() {
          return options.discord();
        },
        log: childLog,
        get instance() {
          return instances.get(module.name);
        },
      };
      processContexts.set(module.name, ctx);
    }
    return ctx;
  };
  const setupContext = (module: LoadedModule): ModuleSetupContext => {
    const base = processContext(module);
    // Redis, the process's metrics and Concord's API (its token is a global admin's, over every guild)
    // are Concord's own: a plugin caches in its process or its schema, and reaches Discord, not Concord.
    const { redis, metrics, api, ...setup } = options.setup;
    return {
      module: base.module,
      ...(base.sql ? { sql: base.sql } : {}),
      get discord() {
        return options.discord();
      },
      log: base.log,
      ...setup,
      ...(module.source === 'built-in' ? { ...(redis ? { redis } : {}), ...(metrics ? { metrics } : {}), ...(api ? { api } : {}) } : {}),
      reportError: (error, context) => options.onJobError(error, { ...context, module: module.name }),
      changed: (guildId) => options.changes?.publish(module.name, guildId),
    };
  };
  // A guild's resolved settings per module row (a new row object comes with each reload after a
  // change), and per module for guilds without a row: resolved once, not per event.
  const resolvedByRow = new WeakMap<object, Record<string, unknown>>();
  const defaultsOf = new Map<string, Record<string, unknown>>();
  const settingsOf = (module: LoadedModule, row: GuildModule | undefined): Record<string, unknown> => {
    let values = row ? resolvedByRow.get(row) : defaultsOf.get(module.name);
    if (values) return values;
    values = resolveValues(module.definition.settings ?? {}, row?.settings ?? {});
    if (row) resolvedByRow.set(row, values);
    else defaultsOf.set(module.name, values);
    return values;
  };
  // Getters: the Discord client comes after the modules start, the instance when setup returns, and
  // a context made before either is kept (below). The two getters are shared by every context, so
  // that contexts keep one hidden class (a literal's own getters, or getters differing per module,
  // put each context in dictionary mode: ~650 bytes per guild and module), and customId is made once
  // per module. They stay own properties, so a spread of a context (a plugin's) still carries them.
  const discordProperty: PropertyDescriptor = { get: () => options.discord(), enumerable: true };
  const instanceProperty: PropertyDescriptor = {
    get(this: ModuleContext) {
      return instances.get(this.module);
    },
    enumerable: true,
  };
  const customIds = new Map<string, ModuleContext['customId']>();
  const customIdFor = (module: LoadedModule) => {
    let customId = customIds.get(module.name);
    if (!customId) {
      customId = (name, data = '') => customIdOf(module, name, data);
      customIds.set(module.name, customId);
    }
    return customId;
  };
  const newContext = (module: LoadedModule, guildId: string | null, rows: GuildModules | undefined): ModuleContext => {
    const { sql, log: childLog } = processContext(module);
    const ctx = { module: module.name } as { -readonly [K in keyof ModuleContext]: ModuleContext[K] };
    if (sql) ctx.sql = sql;
    Object.defineProperty(ctx, 'discord', discordProperty);
    ctx.log = childLog;
    Object.defineProperty(ctx, 'instance', instanceProperty);
    ctx.guild = guildId ? { id: guildId } : null;
    ctx.settings = settingsOf(module, rows?.get(module.name)) as ModuleContext['settings'];
    ctx.customId = customIdFor(module);
    return ctx;
  };
  // A guild's context per module, made once per loaded copy of its rows (a change brings a new copy),
  // not per event: every message in a busy guild reaches several modules.
  const contextsOf = new WeakMap<GuildModules, Map<string, ModuleContext>>();
  const contextFrom = (module: LoadedModule, guildId: string | null, rows: GuildModules | undefined): ModuleContext => {
    if (!guildId || !rows) return newContext(module, guildId, rows);
    let contexts = contextsOf.get(rows);
    if (!contexts) {
      contexts = new Map();
      contextsOf.set(rows, contexts);
    }
    let ctx = contexts.get(module.name);
    // One copy of rows is one guild's; a copy shared between guilds (a source's empty default) is not kept.
    if (ctx && ctx.guild?.id !== guildId) return newContext(module, guildId, rows);
    if (!ctx) {
      ctx = newContext(module, guildId, rows);
      contexts.set(module.name, ctx);
    }
    return ctx;
  };
  const context = async (module: LoadedModule, guildId: string | null): Promise<ModuleContext> => contextFrom(module, guildId, guildId ? await states.get(guildId) : undefined);
  const fail = (module: LoadedModule, handler: string, guildId: string | null, error: unknown) => {
    const errorId = randomBytes(4).toString('hex');
    log.error({ err: error, errorId, module: module.name, handler, guild: guildId }, 'module handler failed');
    options.onError(error, { module: module.name, handler, guild_id: guildId, errorId });
  };
  const bounded = async (handler: string, work: () => unknown) => {
    const result = work();
    if (isThenable(result)) await within(result, options.timeoutMs, handler);
  };
  // A handler that returns at once (most gateway handlers: a cache update, a count) costs no timer and
  // no promise: every message reaches several modules. One that returns a promise races the deadline.
  const isolate = (module: LoadedModule, handler: string, guildId: string | null, work: () => unknown): Promise<void> | undefined => {
    let result: unknown;
    try {
      result = work();
    } catch (error) {
      fail(module, handler, guildId, error);
      return undefined;
    }
    if (!isThenable(result)) return undefined;
    return within(result, options.timeoutMs, handler).then(
      () => undefined,
      (error: unknown) => fail(module, handler, guildId, error),
    );
  };
  /** Hands `data` to each module's handler, on in the guild; what the handlers still run for, if any. */
  const handOut = (modules: readonly LoadedModule[], event: string, guildId: string | null, rows: GuildModules | undefined, data: unknown): Promise<void> | undefined => {
    const handling: Promise<void>[] = [];
    for (const module of modules) {
      if (rows && !isOn(module, rows.get(module.name))) continue;
      const handler = (module.definition.events as Record<string, ((ctx: ModuleContext, data: unknown) => unknown) | undefined> | undefined)?.[event];
      const pending = handler && isolate(module, `events.${event}`, guildId, () => handler(contextFrom(module, guildId, rows), data));
      if (pending) handling.push(pending);
    }
    // Not `() => undefined` made here: a closure made in this scope shares its context, and so keeps `data`.
    return handling.length > 0 ? Promise.all(handling).then(nothing) : undefined;
  };
  const unavailable = new Map<string, string>();
  const commandObservers = registry.modules.filter((module) => module.definition.commandUsed);
  const withDynamicCommands = registry.modules.filter((module) => module.definition.dynamicCommands);
  return {
    registry,
    unavailable: (name) => unavailable.get(name),
    markUnavailable(names, reason) {
      for (const name of names) unavailable.set(name, reason);
    },
    unavailableModules: () => Object.fromEntries(unavailable),
    async isEnabled(module, guildId) {
      return isOn(module, (await states.get(guildId)).get(module.name));
    },
    guildView: (guildId) => states.get(guildId),
    warm(guildIds) {
      // A failed read is the cache's to report; each event asks again.
      for (const guildId of guildIds) void states.get(guildId);
    },
    invalidate: (guildId) => states.invalidate(guildId),
    onGuildChange: (listener) => states.onChange(listener),
    processContext,
    context,
    async dynamicCommandsIn(guildId, on, only) {
      if (withDynamicCommands.length === 0 || (!on && !guildId)) return [];
      const rows = guildId ? await states.get(guildId) : undefined;
      const found: { dynamic: DynamicCommands; context: ModuleContext }[] = [];
      for (const module of withDynamicCommands) {
        const dynamic = module.definition.dynamicCommands;
        if (!dynamic || (only !== undefined && module.name !== only)) continue;
        if (rows && isOn(module, rows.get(module.name)) !== on) continue;
        found.push({ dynamic, context: contextFrom(module, guildId, rows) });
      }
      return found;
    },
    isolate,
    deliver(event, data) {
      const modules = registry.handlersOf(event);
      if (modules.length === 0) return Promise.resolve();
      const guildId = guildOf(event, data);
      // Not an async function: its suspended frame would keep the event (a GUILD_CREATE is ~100 KB of
      // objects) while the handlers run on, where now only a handler that holds on to it keeps it.
      if (!guildId) return handOut(modules, event, null, undefined, data) ?? Promise.resolve();
      return states.get(guildId).then((rows) => handOut(modules, event, guildId, rows, data));
    },
    async commandUsed(entry) {
      if (commandObservers.length === 0) return;
      // The contract's fields only, built once per use: the caller passes the command log's entry,
      // whose args, names and errors are no module's business.
      const use: CommandUse = { command: entry.command, user_id: entry.user_id, guild_id: entry.guild_id, channel_id: entry.channel_id, source: entry.source, status: entry.status };
      const guildId = use.guild_id;
      try {
        const rows = guildId ? await states.get(guildId) : undefined;
        const handling: Promise<void>[] = [];
        for (const module of commandObservers) {
          const observe = module.definition.commandUsed;
          if (!observe || (rows && !isOn(module, rows.get(module.name)))) continue;
          const pending = isolate(module, 'commandUsed', guildId, () => observe(contextFrom(module, guildId, rows), use));
          if (pending) handling.push(pending);
        }
        if (handling.length > 0) await Promise.all(handling);
      } catch (error) {
        log.warn({ err: error, guild: guildId }, "could not read a server's modules to tell them of a command's use");
      }
    },
    async interact(interaction) {
      const target = parseCustomId(interaction.data.custom_id) ?? registry.componentOfLegacyCustomId(interaction.data.custom_id);
      const module = target && registry.get(target.module);
      const handler = module?.definition.components?.[target?.component ?? ''];
      if (!target || !module || !handler) return false;
      const guildId = interaction.guild_id ?? null;
      const api = options.discord();
      if (!api) return false;
      const asReply = (message: string | ReplyOptions): ReplyOptions => (typeof message === 'string' ? { content: message } : message);
      // A click whose work outlasts Discord's 3 s (roles at Discord's pace in a raid) is deferred; the
      // clock starts here, before the module's rows are read.
      const responder = createResponder(api, interaction, interaction.application_id, log, { deferEphemeral: true });
      try {
        if (guildId && !(await this.isEnabled(module, guildId))) {
          await responder.reply({ content: `${module.name} is turned off in this server.`, ephemeral: true });
          return true;
        }
        const user = interaction.member?.user ?? interaction.user;
        const ctx: ComponentContext = {
          ...(await context(module, guildId)),
          data: target.data,
          user: { id: user?.id ?? '' },
          reply: (message) => responder.reply(asReply(message)),
          update: (message) => responder.update(asReply(message)),
        };
        await isolate(module, `components.${target.component}`, guildId, () => handler(ctx, interaction));
      } finally {
        responder.done();
      }
      return true;
    },
    async setup() {
      for (const module of registry.modules) {
        const setup = module.definition.setup;
        if (!setup) continue;
        const work = async () => void instances.set(module.name, await setup(setupContext(module)));
        // A plugin that cannot set up is recorded and the rest go on; a built-in without its instance
        // would fail later with a misleading error, so the process stops now, naming it.
        if (module.source === 'plugin') await isolate(module, 'setup', null, work);
        else await bounded('setup', work).catch((error: unknown) => {
          throw new Error(`built-in module ${module.name} could not set up: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        });
      }
    },
    async connected(transport) {
      const stoppers: { module: LoadedModule; stop: () => unknown }[] = [];
      for (const module of registry.modules) {
        const connected = module.definition.connected;
        if (!connected) continue;
        const ctx: ConnectedContext = { ...processContext(module), ...transport };
        await isolate(module, 'connected', null, async () => {
          const stop = await connected(ctx);
          if (stop) stoppers.push({ module, stop });
        });
      }
      return async () => {
        for (const { module, stop } of stoppers.splice(0).reverse()) await isolate(module, 'connected.stop', null, stop);
      };
    },
    async teardown() {
      for (const module of [...registry.modules].reverse()) {
        const teardown = module.definition.teardown;
        if (teardown) await isolate(module, 'teardown', null, () => teardown(processContext(module)));
        instances.delete(module.name);
      }
    },
    async deleteUserData(userId) {
      const results: { module: string; deleted: number | null; error?: string }[] = [];
      for (const module of registry.modules) {
        const remove = module.definition.deleteUserData;
        if (!remove) continue;
        try {
          const deleted = await remove(processContext(module), userId);
          results.push({ module: module.name, deleted: typeof deleted === 'number' ? deleted : null });
        } catch (error) {
          const errorId = randomBytes(4).toString('hex');
          log.error({ err: error, errorId, module: module.name }, 'deleting a user’s data failed');
          options.onError(error, { module: module.name, handler: 'deleteUserData', guild_id: null, errorId });
          results.push({ module: module.name, deleted: null, error: `failed (error ${errorId})` });
        }
      }
      return results;
    },
  };
}

function nothing(): undefined {
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function customIdOf(module: LoadedModule, component: string, data: string): string {
  if (!module.definition.components?.[component]) throw new Error(`module ${module.name} has no component "${component}"`);
  const id = `${CUSTOM_ID_PREFIX}${module.name}:${component}:${data}`;
  if (id.length > CUSTOM_ID_MAX) throw new Error(`custom_id for ${module.name}/${component} is ${id.length} characters; Discord allows ${CUSTOM_ID_MAX}`);
  return id;
}

function parseCustomId(customId: string): { module: string; component: string; data: string } | undefined {
  if (!customId.startsWith(CUSTOM_ID_PREFIX)) return undefined;
  const [module, component, ...rest] = customId.slice(CUSTOM_ID_PREFIX.length).split(':');
  if (!module || !component) return undefined;
  return { module, component, data: rest.join(':') };
}

/** The guild an event is about: its `guild_id`, or the guild itself for GUILD_CREATE/UPDATE/DELETE. */
function guildOf(event: string, data: unknown): string | null {
  const payload = data as { guild_id?: unknown; id?: unknown } | null;
  if (typeof payload?.guild_id === 'string') return payload.guild_id;
  if ((event === 'GUILD_CREATE' || event === 'GUILD_UPDATE' || event === 'GUILD_DELETE') && typeof payload?.id === 'string') return payload.id;
  return null;
}
