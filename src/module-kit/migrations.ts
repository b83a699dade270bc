// A module's migrations run once each, in order, in a PostgreSQL schema of its own, so a plugin's
// tables cannot clash with Concord's or another plugin's. The process that migrates (the API, or
// `bin/app migrate`) runs them; every process then checks that they have run, and a module whose
// step failed or has not run yet is refused (one log line) while the others load.

import { listModuleMigrations, recordModuleMigration } from '../features/modules/queries.ts';
import { inTransaction, type Sql } from '../platform/db/connect.ts';
import type { Logger } from '../platform/log.ts';
import type { LoadedModule, Refusal } from './registry.ts';

/** The schema a module's tables live in: `mod_<name>` beside Concord's own (prefixed by a non-public app schema). */
export function moduleSchemaOf(appSchema: string, module: string): string {
  const name = `mod_${module.replaceAll('-', '_')}`;
  return (appSchema === 'public' ? name : `${appSchema}_${name}`).slice(0, 63);
}

/** The schema Concord's own tables are in (where the connection's search path puts them). */
export async function appSchemaOf(sql: Sql): Promise<string> {
  const [row] = await sql<{ schema: string }[]>`select current_schema() as schema`;
  return row?.schema ?? 'public';
}

/**
 * Runs (when `migrate`) and checks every module's migrations; returns the modules ready to run and
 * those refused. A failed step rolls back alone: the steps before it stay applied.
 */
export async function prepareModuleSchemas(sql: Sql, modules: readonly LoadedModule[], { migrate, log }: { migrate: boolean; log: Logger }): Promise<{ ready: LoadedModule[]; refused: Refusal[] }> {
  const appSchema = await appSchemaOf(sql);
  const ready: LoadedModule[] = [];
  const refused: Refusal[] = [];
  for (const module of modules) {
    const steps = module.definition.migrations ?? [];
    try {
      if (steps.length > 0) {
        const applied = migrate ? await migrateModule(sql, appSchema, module) : [];
        if (applied.length > 0) log.info({ module: module.name, applied }, 'applied module migrations');
        const done = await listModuleMigrations(sql, module.name);
        const pending = steps.filter((step) => !done.has(step.name));
        if (pending.length > 0) throw new Error(`its migrations have not run (${pending.map((s) => s.name).join(', ')}): run \`bin/app migrate\``);
      }
      ready.push(module);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      refused.push({ name: module.name, ...(module.file ? { file: module.file } : {}), reason });
      log.error({ plugin: module.file, module: module.name }, `module refused: ${reason}`);
    }
  }
  return { ready, refused };
}

async function migrateModule(sql: Sql, appSchema: string, module: LoadedModule): Promise<string[]> {
  const schema = moduleSchemaOf(appSchema, module.name);
  const applied: string[] = [];
  for (const step of module.definition.migrations ?? []) {
    // Its own transaction (a savepoint inside a restore's), so a failed step is undone alone.
    const ran = await inTransaction(sql, async (tx) => {
      // Two processes starting at once: the second waits here, then finds the step recorded.
      await tx`select pg_advisory_xact_lock(hashtext(${`${appSchema}:module-migrations:${module.name}`}))`;
      if ((await listModuleMigrations(tx, module.name)).has(step.name)) return false;
      await tx.unsafe(`create schema if not exists "${schema}"`);
      await tx.unsafe(`set local search_path to "${schema}", "${appSchema}"`);
      try {
        await tx.unsafe(step.sql);
      } catch (error) {
        throw new Error(`migration ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      // Back to Concord's schema, so the record lands in its table whatever the step created.
      await tx.unsafe(`set local search_path to "${appSchema}"`);
      await recordModuleMigration(tx, module.name, step.name);
      return true;
    });
    if (ran) applied.push(step.name);
  }
  return applied;
}
