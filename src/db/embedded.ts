// The embedded database: PGlite persisted under DATA_DIR, served through pglite-socket so that
// the same postgres.js code talks to it as to a real server.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionGroupQueue } from './pglite-queue.ts';

export interface EmbeddedPostgres {
  /** postgres.js connection options that reach the server. */
  connection: { path: string } | { host: string; port: number };
  /** Set when listening on TCP: a URL another process can use. */
  url?: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A directory, or `memory://` for a throw-away database. */
  dataDir: string;
  /** `socket` (default): a Unix socket in a fresh 0700 directory, private to this user.
   *  `tcp`: 127.0.0.1 on a random port, for a test run shared by several processes. */
  listen?: 'socket' | 'tcp';
}

/** Opens (or creates: ~5 s the first time) a PGlite database and serves it. */
export async function startEmbeddedPostgres({ dataDir, listen = 'socket' }: EmbeddedOptions): Promise<EmbeddedPostgres> {
  // Loaded lazily: these packages stay outside the bundle and cost nothing with a real server.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const inMemory = dataDir === 'memory://';
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  const socketDir = listen === 'socket' ? await mkdtemp(join(tmpdir(), 'concord-pg-')) : undefined;
  const server = socketDir
    ? new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections: 64 })
    : new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  // The package's per-message queue mixes connections' extended-protocol messages; see pglite-queue.ts.
  (server as unknown as { queryQueue: ConnectionGroupQueue }).queryQueue = new ConnectionGroupQueue(db);
  await server.start();
  const stop = async () => {
    await server.stop();
    await db.close();
    if (socketDir) await rm(socketDir, { recursive: true, force: true });
  };
  if (socketDir) return { connection: { path: join(socketDir, '.s.PGSQL.5432') }, stop };
  const port = Number(server.getServerConn().split(':').pop());
  return { connection: { host: '127.0.0.1', port }, url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
