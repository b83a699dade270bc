// Starts a process's modules: collects the built-ins and plugins, checks (and where this process
// migrates, runs) their migrations, builds the registry and the runtime, and runs their setup.

import { type Config, SECRET_NAMES } from '../config.ts';
import type { ModuleStateStore } from '../features/modules/store.ts';
import type { Database, Sql } from '../platform/db/connect.ts';
import type { Logger } from '../platform/log.ts';
import type { ModuleChanges } from './changes.ts';
import type { ModuleConfig, ModuleDefinition, ModuleSetupContext } from './contract.ts';
import { appSchemaOf, moduleSchemaOf, prepareModuleSchemas } from './migrations.ts';
import { collectModules, createModuleRegistry, type LoadedModule, type Refusal } from './registry.ts';
import { createModuleRuntime, type ModuleRuntime, type ModuleRuntimeOptions } from './runtime.ts';

export interface StartModulesOptions {
  builtIns: readonly ModuleDefinition[];
  pluginsDir: string | undefined;
  log: Logger;
  /** The database, where this process has one: modules get their sql, and their migrations are checked. */
  db?: Database | undefined;
  /** Whether this process runs the modules' migrations (the API process, with MIGRATE). */
  migrate: boolean;
  /** Each guild's module rows: from the database, or the API for a split bot. */
  states: ModuleStateStore;
  discord: ModuleRuntimeOptions['discord'];
  onError: ModuleRuntimeOptions['onError'];
  onJobError: ModuleRuntimeOptions['onJobError'];
  timeoutMs: number;
  /** Handed to each module's setup without the secrets. */
  config: Config;
  /** Handed to each module's setup as they are. */
  process: Pick<ModuleSetupContext, 'clock' | 'channels' | 'metrics' | 'api' | 'redis'>;
  /** Where the modules' `changed` is published, for the parts of this process that keep copies of their data. */
  changes?: ModuleChanges | undefined;
}

export interface StartedModules extends ModuleRuntime {
  /** The modules that could not load, and why. */
  refused: readonly Refusal[];
}

export async function startModules(options: StartModulesOptions): Promise<StartedModules> {
  const { log, db } = options;
  const collected = await collectModules(options.builtIns, options.pluginsDir, log);
  let modules: readonly LoadedModule[] = collected.modules;
  let refused = collected.refused;
  let sqlOf: ModuleRuntimeOptions['sqlOf'];
  if (db) {
    const prepared = await prepareModuleSchemas(db.sql, modules, { migrate: options.migrate, log });
    modules = prepared.ready;
    refused = [...refused, ...prepared.refused];
    const appSchema = await appSchemaOf(db.sql);
    // A module's queries find its own tables first, then Concord's. A built-in without migrations has
    // only Concord's: it shares Concord's pool (a scoped one is small) as the features did before it.
    sqlOf = (module) => (module.source === 'built-in' && !module.definition.migrations?.length ? db.sql : db.scoped([moduleSchemaOf(appSchema, module.name), appSchema]));
  }
  const runtime = createModuleRuntime({
    registry: createModuleRegistry(modules),
    states: options.states,
    sqlOf,
    discord: options.discord,
    log,
    onError: options.onError,
    onJobError: options.onJobError,
    timeoutMs: options.timeoutMs,
    setup: { ...options.process, config: withoutSecrets(options.config) },
    changes: options.changes,
  });
  await runtime.setup();
  return Object.assign(runtime, { refused });
}

/** The configuration modules see: a module is trusted code, but a secret it never holds it cannot leak. */
function withoutSecrets(config: Config): ModuleConfig {
  const secrets: readonly string[] = SECRET_NAMES;
  return Object.freeze(Object.fromEntries(Object.entries(config).filter(([name]) => !secrets.includes(name)))) as ModuleConfig;
}

/** `bin/app migrate`: runs every module's pending migrations; the modules refused (each logged). */
export async function migrateModules(sql: Sql, builtIns: readonly ModuleDefinition[], pluginsDir: string | undefined, log: Logger): Promise<{ refused: readonly Refusal[] }> {
  const { modules, refused } = await collectModules(builtIns, pluginsDir, log);
  const prepared = await prepareModuleSchemas(sql, modules, { migrate: true, log });
  return { refused: [...refused, ...prepared.refused] };
}

