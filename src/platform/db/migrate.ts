// Runs ley migrations over our own postgres.js pool. ley is bundled; its built-in drivers load by a
// computed path that a bundle breaks, so it gets this small driver object instead.
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ley from 'ley';
import type postgres from 'postgres';
import { MIGRATIONS_DIR } from '../paths.ts';
import type { Sql } from './connect.ts';

type Connection = postgres.ReservedSql;
type MigrationFile = { name: string; abs: string };

// One lock per schema, so test files that each own a schema do not wait on each other.
const LOCK = "hashtext(current_schema() || ':concord-migrations')";

function driver(sql: Sql) {
  return {
    async connect(): Promise<Connection> {
      const connection = await sql.reserve();
      // Held until end(): a second process starting at the same time waits, then finds nothing to do.
      await connection.unsafe(`select pg_advisory_lock(${LOCK})`);
      return connection;
    },
    setup,
    async loop(connection: Connection, files: MigrationFile[], method: 'up' | 'down') {
      for (const file of files) {
        // Each migration commits on its own: a failure leaves the earlier ones applied and this one not.
        await connection.unsafe('begin');
        try {
          await runMigration(connection, file, method);
          await connection.unsafe('commit');
        } catch (error) {
          await connection.unsafe('rollback');
          throw error;
        }
      }
    },
    async end(connection: Connection) {
      try {
        await connection.unsafe(`select pg_advisory_unlock(${LOCK})`);
      } finally {
        connection.release();
      }
    },
  };
}

/** The same steps inside a transaction the caller holds: its lock and its work end with that transaction. */
function transactionDriver(tx: Sql) {
  return {
    async connect(): Promise<Sql> {
      await lockMigrations(tx);
      return tx;
    },
    setup,
    async loop(connection: Sql, files: MigrationFile[], method: 'up' | 'down') {
      for (const file of files) await runMigration(connection, file, method);
    },
    async end() {},
  };
}

async function setup(connection: Sql | Connection) {
  await connection`create table if not exists migrations (
    id serial primary key,
    name text not null unique,
    created_at timestamptz not null default now()
  )`;
  return connection`select name from migrations order by id`;
}

async function runMigration(connection: Sql | Connection, file: MigrationFile, method: 'up' | 'down') {
  const migration = (await import(pathToFileURL(file.abs).href)) as Record<string, (sql: Sql) => Promise<void>>;
  try {
    await migration[method]?.(connection as Sql);
    if (method === 'up') await connection`insert into migrations (name) values (${file.name})`;
    else await connection`delete from migrations where name = ${file.name}`;
  } catch (error) {
    throw new Error(`migration ${file.name} (${method}) failed: ${(error as Error).message}`, { cause: error });
  }
}

const options = (sql: Sql, dir: string) => ({ cwd: dir, dir: '.', driver: driver(sql) as never });
const optionsWithin = (tx: Sql, dir: string) => ({ cwd: dir, dir: '.', driver: transactionDriver(tx) as never });

/** Applies every pending migration; returns the names applied. */
export function migrateUp(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  return ley.up(options(sql, dir));
}

/** Reverts the last migration, or all of them. */
export function migrateDown(sql: Sql, all = false, dir = MIGRATIONS_DIR): Promise<string[]> {
  return ley.down({ ...options(sql, dir), all });
}

/** Names of the migrations not yet applied. */
export function migrationStatus(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  return ley.status(options(sql, dir));
}

/** Creates `migrations/NNNNN-name.mjs` from ley's template; returns its path relative to the app. */
export async function newMigration(name: string, dir = MIGRATIONS_DIR): Promise<string> {
  const file = await ley.new({ cwd: dir, dir: '.', filename: name, esm: true, length: 5 });
  return relative(process.cwd(), `${dir}/${file}`);
}

/** Takes the migration lock until the end of the transaction `tx`: no other process migrates meanwhile. */
export async function lockMigrations(tx: Sql): Promise<void> {
  await tx.unsafe(`select pg_advisory_xact_lock(${LOCK})`);
}

/** The names of this build's migrations, in the order ley applies them (by name, numbers compared as numbers). */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<string[]> {
  // ley's own order (its glob): a status against a database where nothing is applied lists them all.
  const nothingApplied = { connect: async () => undefined, setup: async () => [], loop: async () => {}, end: async () => {} };
  return ley.status({ cwd: dir, dir: '.', driver: nothingApplied as never });
}

/** The migrations applied to the connection's schema, oldest first; none when it has no migrations table. */
export async function appliedMigrations(sql: Sql): Promise<string[]> {
  const [table] = await sql`select to_regclass(quote_ident(current_schema()) || '.migrations') is not null as exists`;
  if (!table?.exists) return [];
  return (await sql<{ name: string }[]>`select name from migrations order by id`).map((row) => row.name);
}

/**
 * Inside the caller's transaction `tx`: applies or reverts migrations one at a time until `target` is
 * the last one applied (undefined: none); returns the names applied. They commit, or roll back, with
 * that transaction; the migration lock is held until it ends.
 */
export async function migrateWithin(tx: Sql, target: string | undefined, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  for (;;) {
    const done = await appliedMigrations(tx);
    if (done.at(-1) === target) return applied;
    if (target !== undefined && !done.includes(target)) {
      const step = await ley.up({ ...optionsWithin(tx, dir), single: true });
      if (step.length === 0) throw new Error(`no migration ${target} to apply`);
      applied.push(...step);
    } else {
      await ley.down(optionsWithin(tx, dir));
    }
  }
}
