// Helpers for benchmarks that run the built bundle as its own process, as operators do.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const BUNDLE = join(ROOT, 'dist/app.mjs');

export interface Running {
  child: ChildProcess;
  /** The URL from the "listening" log line. */
  url: string;
  /** Milliseconds from spawn to that line. */
  startupMs: number;
  stop(): Promise<number | null>;
}

/**
 * Spawns `node dist/app.mjs <mode>` and resolves once it logs that it listens (and `readyLine`).
 * BENCH_PROFILE=<dir>: each such process leaves a V8 CPU profile there when it stops (see profile-top.ts).
 */
export function runBundle(mode: string, env: Record<string, string>, readyLine?: RegExp): Promise<Running> {
  if (!existsSync(BUNDLE)) throw new Error('dist/app.mjs is missing: run `npm run build` first');
  return runNode([...profileArgs(), BUNDLE, mode], env, readyLine);
}

/** Node's flags for a CPU profile in BENCH_PROFILE (none when unset); `name` prefixes the file's name. */
export function profileArgs(name?: string): string[] {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(name ? [`--cpu-prof-name=${name}.${Date.now()}.cpuprofile`] : [])];
}

/** Spawns `node <args>` (the bundle, or a baseline) and resolves once it logs its "listening" line (and `readyLine`). */
export function runNode(args: string[], env: Record<string, string>, readyLine?: RegExp): Promise<Running> {
  if (env.LOG_LEVEL && env.LOG_LEVEL !== 'info') return runQuiet(args, env);
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = /"url":"(http:[^"]+)","msg":"(API|bot health endpoint|gateway health endpoint) listening"/.exec(output);
      if (!found?.[1] || (readyLine && !readyLine.test(output))) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({
        child,
        url: found[1],
        startupMs: performance.now() - started,
        stop: () =>
          new Promise((done) => {
            // One that died already (a failed bench) has nothing to stop.
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Below `info` there is no "listening" line: give a free port and wait until /health/live answers on it. */
async function runQuiet(args: string[], env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  for (;;) {
    if (exited !== undefined) throw new Error(`${args.join(' ')} exited with ${exited} before listening`);
    if ((await fetch(`${url}/health/live`).catch(() => undefined))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    url,
    startupMs: performance.now() - started,
    stop: () =>
      new Promise((done) => {
        if (exited !== undefined) return done(exited);
        child.once('exit', (code) => done(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory (MiB) and CPU seconds used so far, from /proc. */
export function processUsage(pid: number): { rssMiB: number; cpuSeconds: number } {
  const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).fields;
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rssPages = Number(stat[21]);
  return { rssMiB: (rssPages * 4_096) / 1_048_576, cpuSeconds: ticks / 100 };
}

/**
 * CPU seconds used so far by every PostgreSQL process on the machine (a bot's embedded server and
 * its backends, or the external server), from /proc: the database's share of a burst, which runs on
 * the same cores as the bot. A backend that exits has its CPU moved into its postmaster's children's
 * times, counted here too. `processes` is 0 when the database is elsewhere (a remote DATABASE_URL).
 */
export function postgresCpu(): { seconds: number; processes: number } {
  let ticks = 0;
  let processes = 0;
  for (const { name, fields } of everyProcess()) {
    if (name !== 'postgres') continue;
    // utime, stime, and the reaped children's cutime, cstime.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    processes++;
  }
  return { seconds: ticks / 100, processes };
}

/** A /proc/<pid>/stat line: the process's name, and the fields after it (0 its state, 1 its parent). */
function parseStat(stat: string): { name: string; fields: string[] } {
  const nameEnd = stat.lastIndexOf(')');
  return { name: stat.slice(stat.indexOf('(') + 1, nameEnd), fields: stat.slice(nameEnd + 2).split(' ') };
}

/** Every process on the machine, from /proc; one gone since the listing is left out. */
function* everyProcess(): Generator<{ pid: number; name: string; fields: string[] }> {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    yield { pid: Number(entry), ...parseStat(stat) };
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * The median of the rounds' ratios `a[round] / b[round]`: the machine's speed drifts from round to
 * round by more than the differences measured, and a round's contenders share its drift.
 */
export function medianRatio(a: number[], b: number[]): number {
  return median(a.map((value, round) => value / (b[round] ?? Number.NaN)));
}

export function median(values: number[]): number {
  return percentile([...values].sort((x, y) => x - y), 50);
}

/** Memory of `pid` and every process below it (the embedded server and its backends), from /proc:
 *  PSS (shared pages split between the processes sharing them) and RSS, summed, in MiB. */
export function treeMemory(pid: number, extraPids: number[] = []): { pssMiB: number; rssMiB: number; processes: number } {
  const parents = new Map<number, number>();
  for (const { pid: child, fields } of everyProcess()) parents.set(child, Number(fields[1]));
  const tree = new Set([pid, ...extraPids]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  let pssKiB = 0;
  let rssKiB = 0;
  for (const member of tree) {
    try {
      const rollup = readFileSync(`/proc/${member}/smaps_rollup`, 'utf8');
      pssKiB += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rssKiB += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return { pssMiB: pssKiB / 1_024, rssMiB: rssKiB / 1_024, processes: tree.size };
}

/** Time until GET `url`/health answers 200, polled every 10 ms. */
export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/health`).then((res) => res.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url}/health did not answer 200 within ${timeoutMs} ms`);
}
