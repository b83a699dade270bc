// A database of the test's own on the test server (not a schema in the shared one), dropped at teardown:
// for what is database-wide, such as module schemas (mod_*), which every schema's backup includes.
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import postgres from 'postgres';
import { migrateUp } from '../../src/platform/db/migrate.ts';
import type { TestDatabase } from './db.ts';
import { onTeardown } from './teardown.ts';

/** Creates a database (its tables in `schema`, public by default), migrated unless `migrate` is false. */
export async function createOwnDatabase(t: Pick<TestContext, 'after'>, { migrate = true, schema = 'public' } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which provides one');
  const name = `d_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const parsed = new URL(base);
  parsed.pathname = `/${name}`;
  if (schema !== 'public') parsed.searchParams.set('search_path', schema);
  const url = parsed.toString();
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  onTeardown(t, async () => {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  if (schema !== 'public') await sql.unsafe(`create schema ${schema}`);
  if (migrate) await migrateUp(sql);
  return { sql, url, schema };
}
