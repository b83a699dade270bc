// Opens the database: the server at DATABASE_URL, or the embedded one under DATA_DIR.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import type { Config } from '../../config.ts';
import type { Logger } from '../log.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { isConnectionError } from './pg-errors.ts';

export type Sql = postgres.Sql;

export interface Database {
  sql: Sql;
  /** The pool as metrics show it: its size, and the connections open now. */
  pool(): { max: number; open: number };
  /**
   * A small pool of its own on the same database whose queries see `searchPath` first (a module's
   * schema): made once per path, opened at its first query, closed with the database.
   */
  scoped(searchPath: readonly string[]): Sql;
  close(): Promise<void>;
}

/** Connections a scoped pool (a module's) may open: modules' queries are few next to Concord's. */
const SCOPED_POOL_MAX = 2;

type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATABASE_START_TIMEOUT_MS' | 'dataDir'>;

/** Connects, retrying with backoff for a while, and logs one line saying which database is in use. */
export async function openDatabase(config: DatabaseConfig, log: Logger): Promise<Database> {
  // postgres.js keeps its pool to itself; its per-query and on-close hooks tell which connections are open.
  const open = new Set<number>();
  const pool = () => ({ max: config.DATABASE_POOL_MAX, open: open.size });
  const options = {
    max: config.DATABASE_POOL_MAX,
    debug: (connection: number) => void open.add(connection),
    onclose: (connection: number) => void open.delete(connection),
    onnotice: () => {},
    connect_timeout: 10,
    // After a failed connect the pool answers queries with that failure at once until its next try
    // (an outage is a prompt 503, not a wait); tries are at most a second apart, so a server that
    // is back is used within a second (the default backs off to 20 s).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    // Dates come back as Date; int8 (ids, counts) as strings, which JSON keeps exact.
    connection: { application_name: 'concord' },
  };
  // Without DATABASE_URL, the embedded server is started first; from then on it is just a server.
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: join(config.dataDir, 'pgdata'),
        maxConnections: config.DATABASE_POOL_MAX + 20,
        onOrphan: (pid) => log.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier Concord'),
        log,
      });
  const sql = embedded
    ? postgres({ ...options, ...embedded.connection, user: 'postgres', database: 'postgres' })
    : postgres(config.DATABASE_URL ?? '', options);
  const scopedPools = new Map<string, Sql>();
  const scoped = (searchPath: readonly string[]) => {
    const path = searchPath.map((schema) => `"${schema}"`).join(', ');
    let pool = scopedPools.get(path);
    if (!pool) {
      const scopedOptions = { ...options, max: SCOPED_POOL_MAX, debug: false, onclose: () => {} };
      // A URL's own search_path (a test's schema) would win over the options: the URL carries this one.
      pool = embedded
        ? postgres({ ...scopedOptions, ...embedded.connection, user: 'postgres', database: 'postgres', connection: { ...options.connection, search_path: path } })
        : postgres(withSearchPath(config.DATABASE_URL ?? '', path), scopedOptions);
      scopedPools.set(path, pool);
    }
    return pool;
  };
  const close = async () => {
    await Promise.all([...scopedPools.values()].map((pool) => pool.end({ timeout: 5 })));
    await sql.end({ timeout: 5 });
    await embedded?.stop();
  };
  try {
    await waitUntilReachable(sql, log, config.DATABASE_START_TIMEOUT_MS);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  if (embedded) {
    log.info({ database: 'embedded', dataDir: join(config.dataDir, 'pgdata') }, 'using the embedded PostgreSQL; set DATABASE_URL for another server');
  } else {
    const { host, port, database } = sql.options;
    log.info({ database: 'postgres', host: host.join(','), port: port.join(','), name: database }, 'using PostgreSQL');
  }
  return { sql, pool, scoped, close };
}

/** Start-up retries an unreachable database with backoff for `timeoutMs`, then gives up. */
async function waitUntilReachable(sql: Sql, log: Logger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (!isConnectionError(error) || Date.now() > deadline) {
        await sql.end({ timeout: 1 });
        throw new DatabaseUnreachableError(error);
      }
      const delay = Math.min(250 * 2 ** attempt, 5_000);
      log.warn({ attempt, retryInMs: delay, err: describe(error) }, 'database not reachable yet');
      await sleep(delay);
    }
  }
}

function withSearchPath(url: string, path: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('search_path', path);
  return parsed.toString();
}

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
  constructor(cause: unknown) {
    super(`cannot reach the database: ${describe(cause)}`, { cause });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface TransactionOptions {
  /** Once aborted, the transaction rolls back instead of committing and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `work` in one transaction (a savepoint when `sql` is already one, so the inner work is undone
 * alone if it fails); the typed query wrappers take the transaction in place of `sql`.
 */
export function inTransaction<T>(sql: Sql, work: (tx: Sql) => Promise<T>, { signal }: TransactionOptions = {}): Promise<T> {
  const guarded = async (tx: postgres.TransactionSql) => {
    signal?.throwIfAborted();
    const result = await work(tx as unknown as Sql);
    // The last moment to back out: past this, the commit is sent and the work is done for good.
    signal?.throwIfAborted();
    return result;
  };
  const tx = sql as Partial<postgres.TransactionSql>;
  return (typeof tx.savepoint === 'function' ? tx.savepoint(guarded) : sql.begin(guarded)) as Promise<T>;
}
