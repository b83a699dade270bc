// Concord as `bin/app all` runs it with no DATABASE_URL (the embedded PostgreSQL), as a separate
// process a test can kill outright, and what its server leaves on the machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTeardown } from './teardown.ts';

const root = join(import.meta.dirname, '../..');

export const EMBEDDED_API_TOKEN = 'embedded-test-token-0123456789';

export interface Concord {
  child: ChildProcess;
  output(): string;
  /** Resolves with the API's URL once it listens; rejects if the process ends first. */
  listening: Promise<string>;
  /** Resolves once it logs `line` (the bot's "gateway ready"…). */
  logged(line: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

export function startConcord(dataDir: string, env: Record<string, string> = {}): Concord {
  const child = spawn(process.execPath, ['--import', join(root, 'test/support/register.mjs'), join(root, 'src/main.ts'), 'all'], {
    cwd: root,
    // No DATABASE_URL: the embedded default, whatever database the suite runs on.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, API_TOKEN: EMBEDDED_API_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // Should the test process end first (a test timed out, and --test-force-exit ends the file), the
  // Concord it started stops too, and stops its server, instead of running on.
  const stopOnExit = () => void child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  void exited.then(() => process.off('exit', stopOnExit));
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const found = /"url":"(http:[^"]+)","msg":"API listening"/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on('data', check);
    void exited.then(() => reject(new Error(`exited before listening:\n${output}`)));
  });
  // A test that expects the process to fail does not wait for this.
  listening.catch(() => {});
  const logged = (line: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => line.test(output) && resolve();
      check();
      child.stdout?.on('data', check);
      void exited.then(() => reject(new Error(`exited before logging ${line}:\n${output}`)));
    });
  return { child, output: () => output, listening, logged, exited };
}

export async function freshDataDir(t: Parameters<typeof onTeardown>[0]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-embedded-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Processes whose command line names this data directory (the server and its children). */
export function serverProcesses(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return state !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dataDir, 'pgdata'));
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The postmaster of the server on `dataDir` once it accepts connections (its lock file says "ready"). */
export async function runningPostmaster(dataDir: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = (await readFile(join(dataDir, 'pgdata/postmaster.pid'), 'utf8').catch(() => '')).split('\n');
    const pid = Number(lock[0]);
    if (lock[7]?.trim() === 'ready' && pid > 0 && isRunning(pid)) return pid;
    if (Date.now() > deadline) throw new Error(`no embedded PostgreSQL ready on ${dataDir} within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** The socket directories in the temporary directory that the Concord with this pid made. */
export function socketDirsOf(pid: number): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(`concord-pg-${pid}-`));
}
