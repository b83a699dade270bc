// Keeps Discord's application commands in step with the commands' slash forms and the modules' own
// application commands (contract: `applicationCommands`, e.g. a guild's slash and context-menu custom
// commands): one bulk overwrite per guild (or for the global ones), a while after the last change (a
// burst of edits is one request), skipped when Discord already has exactly that list (or, without
// asking, when it is the list this process last registered there), retried with backoff when it fails.
// Each module's hooks are isolated and bounded in time: one that fails leaves its own commands out.
// Discord refuses a whole list with two commands of one type and name, or over its limits: the first
// in load order is kept, the rest left out (and logged).
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { ApplicationCommandType, type RESTPostAPIApplicationCommandsJSONBody, type RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord-api-types/v10';
import type { Config } from '../config.ts';
import type { BotServices } from '../module-kit/command-types.ts';
import type { ApplicationCommands, ApplicationCommandsContext } from '../module-kit/contract.ts';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import { batched } from '../platform/batch.ts';
import { MAX_CONTEXT_MENU_COMMANDS, MAX_SLASH_COMMANDS } from '../platform/discord/limits.ts';
import type { Logger } from '../platform/log.ts';
import { within } from '../platform/time/within.ts';
import { registerSlashCommands, slashCommandBody } from './slash-commands.ts';

/** A module's application commands, with the context its hooks are called with. */
export interface ApplicationCommandSource {
  module: string;
  commands: ApplicationCommands;
  ctx: ApplicationCommandsContext;
}

export interface RegistrarOptions {
  api: API;
  applicationId: string;
  sources: readonly ApplicationCommandSource[];
  /** The built-ins' registration and where it goes (a guild id, or 'global'): overwriting that scope must keep them. */
  builtIns: { scope: string; body: RESTPutAPIApplicationGuildCommandsJSONBody };
  /** Names that are taken (built-ins and plugins); a custom command of one is left out. */
  takenNames: ReadonlySet<string>;
  log: Logger;
  /** Quiet time after the last change before registering. */
  delayMs: number;
  /** First retry after a failure; doubled each time, up to five minutes. */
  retryMs?: number;
  /** How long a module's `list` or `guildsWithAny` may take before it counts as failed (MODULE_HANDLER_TIMEOUT_MS). */
  timeoutMs: number;
  /** Whether a module is on in a guild: one that is off has none of its commands registered there. Default: on. */
  isOn?: (module: string, guildId: string) => Promise<boolean>;
}

export interface Registrar {
  /** A guild's commands changed (`null`: a global one); registers its list after the delay. */
  schedule(guildId: string | null): void;
  /** Registers `scope` (a guild id or 'global') now; a failure is logged and retried later. */
  syncNow(scope: string): Promise<void>;
  /** A guild came (GUILD_CREATE): registered when a module has application commands there. */
  guildAvailable(guildId: string): void;
  /**
   * A guild's modules were switched or set (`null`: any guild's may have been, while changes could not
   * be heard): registered again where a module has application commands there, or was registered.
   */
  modulesChanged(guildId: string | null): void;
  stop(): void;
}

const MAX_RETRY_MS = 300_000;

/** A command, or a module's whole list, left out of a scope's registration, and why. */
interface LeftOut {
  module: string;
  name?: string;
  type?: number;
  err?: unknown;
  why: string;
}

/**
 * Registers the commands' slash forms (globally, or in DISCORD_DEV_GUILD_ID) with the modules'
 * application commands of that scope, starting now (`registered` settles when that is done), then each
 * scope again after its changes: a guild's when `ownsGuild` says this process answers it (a worker,
 * which answers every guild, leaves it out), the global ones always. A failure is logged and retried;
 * the prefix form works meanwhile.
 */
export function startRegistrar(options: {
  api: API;
  applicationId: string;
  modules: ModuleRuntime;
  services: BotServices;
  config: Pick<Config, 'DISCORD_DEV_GUILD_ID' | 'SLASH_SYNC_DELAY_MS' | 'MODULE_HANDLER_TIMEOUT_MS'>;
  log: Logger;
  ownsGuild?: (guildId: string) => boolean;
}): Registrar & { registered: Promise<void> } {
  const scope = options.config.DISCORD_DEV_GUILD_ID ?? 'global';
  const { registry } = options.services;
  const sources = options.modules.registry.modules.flatMap((module): ApplicationCommandSource[] => {
    const commands = module.definition.applicationCommands;
    // Over the module's process context, so its getters (the Discord client, the instance) stay live.
    const ctx = Object.create(options.modules.processContext(module), { bot: { value: options.services } }) as ApplicationCommandsContext;
    return commands ? [{ module: module.name, commands, ctx }] : [];
  });
  const registrar = createRegistrar({
    api: options.api,
    applicationId: options.applicationId,
    sources,
    builtIns: { scope, body: slashCommandBody(registry.values()) },
    takenNames: new Set(registry.keys()),
    log: options.log,
    delayMs: options.config.SLASH_SYNC_DELAY_MS,
    timeoutMs: options.config.MODULE_HANDLER_TIMEOUT_MS,
    async isOn(name, guildId) {
      const module = options.modules.registry.get(name);
      return !module || (await options.modules.isEnabled(module, guildId));
    },
  });
  const registered = registrar.syncNow(scope);
  const owned = (guildId: string | null) => guildId === null || guildId === scope || (options.ownsGuild?.(guildId) ?? true);
  const changed = (guildId: string | null) => {
    if (owned(guildId)) registrar.schedule(guildId);
  };
  // A module switched on or off in a guild adds its commands there, or takes them away.
  const unsubscribe = options.modules.onGuildChange((guildId) => {
    if (owned(guildId)) registrar.modulesChanged(guildId);
  });
  for (const { module, commands, ctx } of sources) {
    // A plugin's watch may throw, or return a promise that rejects: either is its own, not the bot's.
    void (async () => commands.watch(ctx, changed))().catch((error: unknown) =>
      options.log.warn({ err: error, module }, "could not watch a module's application commands; its changes reach Discord only when its scope is registered for another reason"),
    );
  }
  return {
    ...registrar,
    registered,
    stop() {
      unsubscribe();
      registrar.stop();
    },
  };
}

export function createRegistrar(options: RegistrarOptions): Registrar {
  const { log } = options;
  const listOf = (source: ApplicationCommandSource, guildId: string | null) =>
    within(source.commands.list(source.ctx, guildId), options.timeoutMs, `${source.module}'s applicationCommands.list`);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const failures = new Map<string, number>();
  /** What each scope was last registered with from here: most changes (a response edited) leave it as it is. */
  const registered = new Map<string, string>();
  /** The list whose left-out commands were last logged per scope: told once, not again on each retry. */
  const told = new Map<string, string>();
  let stopped = false;

  /** A scope's list, what was left out of it and why, and whether a module failed to list its commands. */
  const bodyFor = async (scope: string) => {
    const guildId = scope === 'global' ? null : scope;
    const custom: { module: string; command: RESTPostAPIApplicationCommandsJSONBody }[] = [];
    const leftOut: LeftOut[] = [];
    let incomplete = false;
    for (const source of options.sources) {
      // A module turned off in a guild keeps nothing there: its commands would only answer that it is off.
      if (guildId !== null && options.isOn && !(await options.isOn(source.module, guildId))) continue;
      let listed: Awaited<ReturnType<typeof listOf>>;
      try {
        listed = await listOf(source, guildId);
      } catch (error) {
        // The other modules' commands (the built-ins' among them) are registered all the same.
        incomplete = true;
        leftOut.push({ module: source.module, err: error, why: "a module could not list its application commands; registered without them, and tried again later" });
        continue;
      }
      for (const c of listed) {
        const clash = (c.type ?? 1) === 1 && options.takenNames.has(c.name);
        if (clash) leftOut.push({ module: source.module, name: c.name, why: "a module's slash command has the name of a built-in or plugin command; left out" });
        else custom.push({ module: source.module, command: c });
      }
    }
    const builtIns = options.builtIns.scope === scope ? options.builtIns.body.map((command) => ({ module: 'built-in', command })) : [];
    // Saves keep within Discord's limits; this holds them against anything that slipped past, and
    // against two modules' commands of one name (a guild's custom /rules and a tags plugin's).
    const taken = new Set<string>();
    const counts = new Map<number, number>();
    const body: RESTPutAPIApplicationGuildCommandsJSONBody = [];
    for (const { module, command } of [...builtIns, ...custom]) {
      const type = command.type ?? ApplicationCommandType.ChatInput;
      const key = `${type}:${command.name}`;
      const count = (counts.get(type) ?? 0) + 1;
      const limit = type === ApplicationCommandType.ChatInput ? MAX_SLASH_COMMANDS : MAX_CONTEXT_MENU_COMMANDS;
      if (taken.has(key)) leftOut.push({ module, name: command.name, type, why: "a module's application command has the type and name of one before it; left out" });
      else if (count > limit) leftOut.push({ module, name: command.name, type, why: `over Discord's ${limit} application commands of this type; left out` });
      else {
        taken.add(key);
        counts.set(type, count);
        body.push(command as RESTPutAPIApplicationGuildCommandsJSONBody[number]);
      }
    }
    return { body, leftOut, incomplete };
  };

  /** Arms the next try of `scope` after a failure, each wait twice the last; returns the attempt and the wait. */
  const retry = (scope: string) => {
    const attempt = (failures.get(scope) ?? 0) + 1;
    failures.set(scope, attempt);
    const wait = Math.min(MAX_RETRY_MS, (options.retryMs ?? 5_000) * 2 ** (attempt - 1));
    arm(scope, wait);
    return { attempt, retryInMs: wait };
  };

  const sync = async (scope: string): Promise<void> => {
    try {
      const { body, leftOut, incomplete } = await bodyFor(scope);
      const key = JSON.stringify(body);
      if (told.get(scope) !== key) {
        told.set(scope, key);
        for (const { why, ...fields } of leftOut) log.warn({ scope, ...fields }, why);
      }
      if (registered.get(scope) !== key) {
        const outcome = await registerSlashCommands(options.api, options.applicationId, scope === 'global' ? undefined : scope, body);
        registered.set(scope, key);
        log.info({ scope, outcome, commands: body.length }, 'application commands');
      }
      // A module whose list failed gets its commands registered once it answers again.
      if (incomplete) retry(scope);
      else failures.delete(scope);
    } catch (error) {
      // A guild the bot is not in (left, or never joined): nothing to register there until its GUILD_CREATE.
      if (scope !== 'global' && error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
        failures.delete(scope);
        log.warn({ err: error, scope }, 'could not register application commands: the bot cannot reach this guild; not retried');
        return;
      }
      log.warn({ err: error, scope, ...retry(scope) }, 'could not register application commands; will retry');
    }
  };

  // One sync per scope at a time, the first at start as much as a later one: a change during one is
  // picked up by the next, and an older list can never land after a newer one.
  const syncInTurn = (scope: string): Promise<void> => {
    const previous = running.get(scope) ?? Promise.resolve();
    const next = previous.then(() => sync(scope));
    running.set(scope, next);
    void next.finally(() => {
      if (running.get(scope) === next) running.delete(scope);
    });
    return next;
  };

  const arm = (scope: string, delay: number) => {
    if (stopped) return;
    clearTimeout(timers.get(scope));
    const timer = setTimeout(() => {
      timers.delete(scope);
      void syncInTurn(scope);
    }, delay);
    timer.unref();
    timers.set(scope, timer);
  };

  // The GUILD_CREATEs after READY come in a burst: the guilds are looked up together, a batch at a time.
  const hasApplicationCommands = batched(
    async (guildIds) => {
      const found = new Map<string, boolean>();
      for (const source of options.sources) {
        try {
          const guilds = await within(source.commands.guildsWithAny(source.ctx, guildIds), options.timeoutMs, `${source.module}'s applicationCommands.guildsWithAny`);
          for (const guildId of guilds) found.set(guildId, true);
        } catch (error) {
          log.warn({ err: error, guilds: guildIds.length, module: source.module }, 'could not look for application commands to register');
        }
      }
      return found;
    },
    { empty: () => false, waitMs: 50 },
  );

  // The built-ins' scope is registered at start; a guild with nothing of a module's costs no request.
  const guildAvailable = (guildId: string) => {
    if (guildId === options.builtIns.scope || options.sources.length === 0) return;
    void hasApplicationCommands(guildId).then((has) => has && arm(guildId, options.delayMs));
  };

  return {
    schedule(guildId) {
      arm(guildId ?? 'global', options.delayMs);
    },
    guildAvailable,
    modulesChanged(guildId) {
      if (guildId === null) {
        // A sync whose list did not change costs no request.
        for (const scope of registered.keys()) if (scope !== 'global') arm(scope, options.delayMs);
      } else if (registered.has(guildId)) arm(guildId, options.delayMs);
      else guildAvailable(guildId);
    },
    syncNow: syncInTurn,
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
