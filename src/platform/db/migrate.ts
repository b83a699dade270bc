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
    async setup(connection: Connection) {
      await connection`create table if not exists migrations (
        id serial primary key,
        name text not null unique,
        created_at timestamptz not null default now()
      )`;
      return connection`select name from migrations order by id`;
    },
    async loop(connection: Connection, files: MigrationFile[], method: 'up' | 'down') {
      for (const file of files) {
        const migration = (await import(pathToFileURL(file.abs).href)) as Record<string, (sql: Sql) => Promise<void>>;
        // Each migration commits on its own: a failure leaves the earlier ones applied and this one not.
        await connection.unsafe('begin');
        try {
          // Migrations take the usual handle; on this one their statements stay inside the transaction.
          await migration[method]?.(connection as unknown as Sql);
          if (method === 'up') await connection`insert into migrations (name) values (${file.name})`;
          else await connection`delete from migrations where name = ${file.name}`;
          await connection.unsafe('commit');
        } catch (error) {
          await connection.unsafe('rollback');
          throw new Error(`migration ${file.name} (${method}) failed: ${(error as Error).message}`, { cause: error });
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

const options = (sql: Sql, dir: string) => ({ cwd: dir, dir: '.', driver: driver(sql) as never });

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
