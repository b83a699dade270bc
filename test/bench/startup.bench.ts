// Start-up time and idle memory of `bin/app all`, and the bundle's size.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUNDLE, processUsage, runBundle } from './process.ts';

export async function benchStartup(databaseUrl: string | undefined) {
  const results: Record<string, string> = {};
  results['bundle size (dist/app.mjs)'] = `${((await stat(BUNDLE)).size / 1_048_576).toFixed(2)} MiB`;
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  try {
    const token = { API_TOKEN: 'bench-token-0123456789abcdef', DATA_DIR: dataDir };
    const first = await runBundle('all', token);
    results['start-up, embedded, new DATA_DIR'] = `${first.startupMs.toFixed(0)} ms`;
    await sleep(3_000);
    results['idle RSS, embedded, just created'] = `${processUsage(first.child.pid ?? 0).rssMiB.toFixed(0)} MiB`;
    await first.stop();
    const again = await runBundle('all', token);
    results['start-up, embedded, existing DATA_DIR'] = `${again.startupMs.toFixed(0)} ms`;
    await sleep(3_000);
    results['idle RSS, embedded, reopened'] = `${processUsage(again.child.pid ?? 0).rssMiB.toFixed(0)} MiB`;
    await again.stop();
    if (databaseUrl) {
      const pg = await runBundle('all', { ...token, DATABASE_URL: databaseUrl });
      results['start-up, PostgreSQL'] = `${pg.startupMs.toFixed(0)} ms`;
      await sleep(3_000);
      results['idle RSS, PostgreSQL'] = `${processUsage(pg.child.pid ?? 0).rssMiB.toFixed(0)} MiB`;
      await pg.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}
