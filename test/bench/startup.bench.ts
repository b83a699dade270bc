// Start-up time and idle memory of `bin/app all` on the embedded PostgreSQL (a new DATA_DIR, then the
// same one again) and, with DATABASE_URL, on that server; and the bundle's size. Memory is the whole
// process tree (Node, and the embedded server with its backends; on an external server, Node and
// this process's backends there), summed PSS and RSS.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { BUNDLE, type Running, runBundle, treeMemory, waitForHealth } from './process.ts';

const IDLE_MS = 3_000;

export async function benchStartup(databaseUrl: string | undefined) {
  const results: Record<string, string> = {};
  results['bundle size (dist/app.mjs)'] = `${((await stat(BUNDLE)).size / 1_048_576).toFixed(2)} MiB`;
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const env = { API_TOKEN: 'bench-token-0123456789abcdef', DATA_DIR: dataDir, SEED_EXAMPLES: 'false' };
  const measure = async (label: string, extraEnv: Record<string, string> = {}, backends?: () => Promise<number[]>) => {
    const started = performance.now();
    const app = await runBundle('all', { ...env, ...extraEnv });
    await waitForHealth(app.url);
    results[`start to /health 200, ${label}`] = `${(performance.now() - started).toFixed(0)} ms`;
    await sleep(IDLE_MS);
    const memory = treeMemory(app.child.pid ?? 0, backends ? await backends() : []);
    results[`idle memory, ${label}`] = `${memory.pssMiB.toFixed(0)} MiB PSS, ${memory.rssMiB.toFixed(0)} MiB RSS (${memory.processes} processes)`;
    await stop(app);
  };
  try {
    await measure('embedded, new DATA_DIR');
    await measure('embedded, existing DATA_DIR');
    if (databaseUrl) {
      const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      try {
        // The server is shared, so only this process's own connections count.
        const backends = async () => (await admin<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'concord' and datname = current_database()`).map((r) => r.pid);
        await measure('PostgreSQL at DATABASE_URL', { DATABASE_URL: databaseUrl }, backends);
      } finally {
        await admin.end();
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function stop(app: Running) {
  const code = await app.stop();
  if (code !== 0) throw new Error(`bin/app all exited with ${code}`);
}
