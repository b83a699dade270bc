// The embedded server's process: stopping one a killed Concord left behind (and what a killed server
// left), waiting until it is ready, stopping it; and the one-line error an operator sees when any of it fails.
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** The socket directory's name starts so: a leftover one is recognised as ours. */
export const SOCKET_PREFIX = 'concord-pg-';
const STOP_TIMEOUT_MS = 10_000;
/** A killed postmaster's backends notice and exit on their own; past this they are killed. */
const LEFTOVER_GRACE_MS = 5_000;

/** A failure an operator can fix (not installed, in use, cannot start): shown as one line. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/**
 * A server still running on `dataDir` is stopped when the Concord that started it is gone (killed
 * with SIGKILL: its server lives on, detached). One whose Concord still runs is left alone.
 */
export async function stopOrphan(dataDir: string, onOrphan?: (pid: number) => void): Promise<void> {
  const lock = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!lock) return;
  const [pidLine, , , , socketLine] = lock.split('\n');
  const pid = Number(pidLine);
  const socketDir = socketLine?.trim() ?? '';
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && (await commandName(pid)) === 'postgres') {
    const parent = await parentPid(pid);
    if (parent !== undefined && parent > 1 && ['node', 'MainThread'].includes((await commandName(parent)) ?? '')) {
      throw new EmbeddedPostgresError(`the embedded database in ${dataDir} is in use by process ${parent}: stop that Concord first, or set DATABASE_URL`);
    }
    onOrphan?.(pid);
    // Fast shutdown: whatever the killed process left open is rolled back, every commit is kept.
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    // Done when its lock file is gone (the last thing it removes) or it is gone; its parent, init,
    // may take a while to reap it.
    while (isAlive(pid) && existsSync(join(dataDir, 'postmaster.pid'))) {
      if (Date.now() > deadline) throw new EmbeddedPostgresError(`an earlier embedded PostgreSQL (pid ${pid}) on ${dataDir} does not stop`);
      await sleep(20);
    }
  }
  // Its socket directory, when it was one of ours, goes too (a stale lock file PostgreSQL handles itself).
  if (dirname(socketDir) === tmpdir() && basename(socketDir).startsWith(SOCKET_PREFIX)) await rm(socketDir, { recursive: true, force: true });
  await stopLeftovers(dataDir);
}

/**
 * Clears what a dead server left on `dataDir`. Its backends run on for a moment after the postmaster
 * is killed outright, and a new server refuses to start while they hold its shared memory: they are
 * waited for, and killed after a grace period. Its postmaster.pid PostgreSQL replaces itself when the
 * pid in it is dead, but not when the number now belongs to another process: then it goes here.
 * Call only once the postmaster is gone.
 */
export async function stopLeftovers(dataDir: string): Promise<void> {
  const deadline = Date.now() + LEFTOVER_GRACE_MS;
  for (let left = await serverProcessesIn(dataDir); left.length > 0; left = await serverProcessesIn(dataDir)) {
    if (Date.now() > deadline) {
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It exited meanwhile.
        }
      }
    }
    await sleep(20);
  }
  const lockFile = join(dataDir, 'postmaster.pid');
  const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && (await commandName(pid)) !== 'postgres') await rm(lockFile, { force: true });
}

/** The server processes working in `dataDir` (a server runs from its data directory); none where /proc is missing. */
async function serverProcessesIn(dataDir: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const target = await realpath(dataDir).catch(() => dataDir);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd === target && (await commandName(Number(entry))) === 'postgres' && isAlive(Number(entry))) found.push(Number(entry));
  }
  return found;
}

/**
 * Removes socket directories whose Concord and server are both gone (a crashed or killed Concord
 * whose server stopped since). One whose Concord still runs, or whose server still answers there, is
 * left alone; so is one owned by a user not in `owners`.
 */
export async function removeStaleSocketDirs(owners: readonly number[]): Promise<void> {
  for (const entry of await readdir(tmpdir()).catch(() => [] as string[])) {
    if (!entry.startsWith(SOCKET_PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory() || !owners.includes(info.uid)) continue;
    // `concord-pg-<pid>-…`: the Concord that made it. A name without one (an older Concord's) counts
    // as stale once nothing has happened in it for a minute, so one being set up now is not taken.
    const owner = /^concord-pg-(\d+)-/.exec(entry)?.[1];
    if (owner ? isAlive(Number(owner)) : Date.now() - info.mtimeMs < 60_000) continue;
    if (await holdsLiveServer(dir)) continue;
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether a server still running has its socket in `dir` (its `.s.PGSQL.<port>.lock` names it). */
async function holdsLiveServer(dir: string): Promise<boolean> {
  const locks = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^\.s\.PGSQL\.\d+\.lock$/.test(name));
  for (const lock of locks) {
    const pid = Number((await readFile(join(dir, lock), 'utf8').catch(() => '')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return true;
  }
  return false;
}

/** Resolves once `child` accepts connections; else throws with what its log (from `logFrom` on) says. */
export async function waitUntilReady(dataDir: string, child: ChildProcess, exited: Promise<void>, logFile: string, logFrom = 0): Promise<void> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const deadline = Date.now() + 60_000;
  while (!done) {
    // postmaster.pid's eighth line is the server's state; "ready" once it accepts connections.
    const lock = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
    if (lock.split('\n')[7]?.trim() === 'ready' && Number(lock.split('\n')[0]) === child.pid) return;
    if (Date.now() > deadline) break;
    await sleep(10);
  }
  const output = (await readFile(logFile).catch(() => Buffer.alloc(0))).subarray(logFrom).toString('utf8');
  throw new EmbeddedPostgresError(`the embedded PostgreSQL did not start: ${lastLines(output)}`);
}

export async function stopServer(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Fast shutdown: rolls back what is open, writes a checkpoint and exits.
  child.kill('SIGINT');
  const timeout = sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGQUIT');
    await exited;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: another user's process took the number, so not our server either.
    return false;
  }
}

async function commandName(pid: number): Promise<string | undefined> {
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  if (comm !== undefined) return comm.trim();
  const { stdout } = await promisify(execFile)('ps', ['-o', 'comm=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
  return basename(stdout.trim()) || undefined;
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat !== undefined) return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const { stdout } = await promisify(execFile)('ps', ['-o', 'ppid=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout.trim() ? Number(stdout) : undefined;
}

/** The lines that say what went wrong (initdb and postgres say it with "error" or "FATAL"). */
export function lastLines(output: string, error?: unknown): string {
  const lines = output.split('\n').map((line) => line.replace('[STDERR] ', '').trim()).filter(Boolean);
  const errors = lines.filter((line) => /error|FATAL|PANIC/i.test(line));
  const chosen = (errors.length ? errors : lines).slice(-3);
  return chosen.length ? chosen.join(' / ') : error instanceof Error ? error.message : String(error ?? 'no output');
}
