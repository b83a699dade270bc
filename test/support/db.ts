// Each test file gets its own schema, migrated, and dropped afterwards (the pg-boss way), so files
// do not trample each other's rows.
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import postgres from 'postgres';
import type { Sql } from '../../src/platform/db/connect.ts';
import { migrateUp } from '../../src/platform/db/migrate.ts';
import { onTeardown } from './teardown.ts';

export interface TestDatabase {
  sql: Sql;
  /** A DATABASE_URL that lands in this schema. */
  url: string;
  schema: string;
}

/** Creates a fresh migrated schema for this test (or file) and drops it at teardown. */
export async function createTestDatabase(t: Pick<TestContext, 'after'>, { migrate = true } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which provides one');
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create schema ${schema}`);
  const url = withSearchPath(base, schema);
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  onTeardown(t, async () => {
    await sql.end({ timeout: 5 });
    // Modules' schemas are named after the app's (module-kit/migrations.ts): they go with it.
    const moduleSchemas = await admin<{ nspname: string }[]>`select nspname from pg_namespace where nspname like ${`${schema}\\_mod\\_%`}`;
    for (const { nspname } of moduleSchemas) await admin.unsafe(`drop schema "${nspname}" cascade`);
    await admin.unsafe(`drop schema ${schema} cascade`);
    await admin.end({ timeout: 5 });
  });
  if (migrate) await migrateUp(sql);
  return { sql, url, schema };
}

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('search_path', schema);
  return parsed.toString();
}
