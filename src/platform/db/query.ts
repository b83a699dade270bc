// Running named queries, prepared: postgres.js parses a statement once per connection and from then on
// only binds and executes it, one round trip instead of two (an unprepared query with parameters is
// sent as Parse + Describe, answered, then Bind + Execute). A refusal the client caused (a value the
// database cannot store, a duplicate) leaves here as the AppError it is, so no edge classifies it again.
import type { Sql } from './connect.ts';
import { classifyDatabaseError } from './pg-errors.ts';

/** A query's parameters, as postgres.js serialises them (a JSON value for a jsonb parameter). */
export type Params = readonly unknown[];

/** Every row `query` returns, typed as `T`. */
export async function many<T>(sql: Sql, query: string, params: Params = []): Promise<T[]> {
  return (await run<T>(sql, query, params)) as T[];
}

/** The first row `query` returns, or undefined when there is none. */
export async function one<T>(sql: Sql, query: string, params: Params = []): Promise<T | undefined> {
  const rows = await run<T>(sql, query, params);
  return rows[0];
}

/** Runs a statement for what it does; returns how many rows it touched. */
export async function exec(sql: Sql, query: string, params: Params = []): Promise<number> {
  return (await run(sql, query, params)).count;
}

// `simple: false` (which postgres.js reads but does not type): it would send a query without
// parameters as a simple-protocol query, which is never prepared.
const PREPARED = { prepare: true, simple: false };

async function run<T>(sql: Sql, query: string, params: Params) {
  try {
    return await sql.unsafe<T[]>(query, params as never, PREPARED);
  } catch (error) {
    throw classifyDatabaseError(error) ?? error;
  }
}
