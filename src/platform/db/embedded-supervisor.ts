// Keeps the embedded server up: when it exits without being asked to (killed, crashed, out of
// memory), it is started again on the same data directory and socket, so the pool reconnects to the
// same path and nothing above the database notices more than an outage.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { stopServer } from './embedded-process.ts';

export interface ServerProcess {
  child: ChildProcess;
  /** Settles when the process has exited (or could not be spawned). */
  exited: Promise<void>;
}

export interface Supervision {
  /** The server process running now; undefined while it is being started again. */
  current(): ChildProcess | undefined;
  /** Stops the server and any restart under way; it is not started again. */
  stop(): Promise<void>;
}

/** Restarts back off from this, doubling per failed start or early death, up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 2_000;
/** A server that ran this long before it died starts again at once: it was not a crash loop. */
const STABLE_MS = 30_000;

/**
 * Watches `first` and, each time the server dies on its own, calls `start` (which waits until the
 * new one is ready, and throws if it is not) until one runs, with backoff.
 */
export function supervise(first: ServerProcess, start: () => Promise<ServerProcess>, log?: Logger): Supervision {
  let server: ServerProcess | undefined = first;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  // Consecutive failures: starts that failed and servers that died soon after starting.
  let failures = 0;
  const wake = new AbortController();

  const watch = (running: ServerProcess) => {
    const startedAt = Date.now();
    void running.exited.then(() => {
      if (stopping) return;
      server = undefined;
      const { exitCode: code, signalCode: signal } = running.child;
      log?.error({ code, signal }, 'the embedded PostgreSQL stopped unexpectedly; starting it again');
      failures = Date.now() - startedAt >= STABLE_MS ? 0 : failures + 1;
      restarting = restart(Date.now());
    });
  };

  const restart = async (downSince: number) => {
    for (let attempt = 1; !stopping; attempt++) {
      // The first restart after a long run is immediate; a crash loop slows down.
      if (failures > 1) await sleep(Math.min(FIRST_RETRY_MS * 2 ** (failures - 2), MAX_RETRY_MS), undefined, { signal: wake.signal }).catch(() => {});
      if (stopping) return;
      try {
        const next = await start();
        if (stopping) {
          await stopServer(next.child, next.exited);
          return;
        }
        server = next;
        watch(next);
        log?.info({ attempts: attempt, downMs: Date.now() - downSince }, 'the embedded PostgreSQL is running again');
        return;
      } catch (error) {
        failures++;
        log?.warn({ attempt, err: error instanceof Error ? error.message : String(error) }, 'the embedded PostgreSQL did not start again; retrying');
      }
    }
  };

  watch(first);
  return {
    current: () => server?.child,
    async stop() {
      stopping = true;
      wake.abort();
      await restarting;
      if (server) await stopServer(server.child, server.exited);
    },
  };
}
