// Running named queries, prepared: postgres.js parses a statement once per connection and from then on
// only binds and executes it, one round trip instead of two (an unprepared query with parameters is
// sent as Parse + Describe, answered, then Bind + Execute).
import type { Sql } from './connect.ts';

/** A query's parameters, as postgres.js serialises them (a JSON value for a jsonb parameter). */
export type Params = readonly unknown[];

/** Every row `query` returns, typed as `T`. */
export function many<T>(sql: Sql, query: string, params: Params = []): Promise<T[]> {
  return sql.unsafe<T[]>(query, params as never, { prepare: true });
}

/** The first row `query` returns, or undefined when there is none. */
export async function one<T>(sql: Sql, query: string, params: Params = []): Promise<T | undefined> {
  const rows = await many<T>(sql, query, params);
  return rows[0];
}
