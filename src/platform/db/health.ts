// Typed wrapper over health.sql.

import type { Sql } from './connect.ts';
import text from './health.sql';
import { namedQueries } from './named-queries.ts';
import { exec } from './query.ts';

const q = namedQueries(text, ['ping']);

/** Round-trips one query; throws when the database cannot answer within `timeoutMs`. */
export async function pingDatabase(sql: Sql, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('database ping timed out'), { code: 'CONNECT_TIMEOUT' })), timeoutMs);
  });
  try {
    await Promise.race([exec(sql, q.ping), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
