// Builds the dashboard (dist/web) when it is missing or older than its sources, so browser tests
// always run against the current code. test/run.ts calls it once before the files start.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
export const WEB_DIST = join(root, 'dist', 'web');
// All of src/: the dashboard bundles server files too (the template language, rich replies, the mod
// log's labels…), and a list of them goes stale when one moves; a rebuild costs seconds once a run.
const SOURCES = [join(root, 'src'), join(root, 'package-lock.json')];

/** True when dist/web/index.html is older than any dashboard source (or missing). */
export function isDashboardStale(): boolean {
  const built = mtime(join(WEB_DIST, 'index.html'));
  return built === undefined || SOURCES.some((source) => newest(source) > built);
}

/** Runs `vite build` when the build is stale; throws with Vite's output when it fails. */
export function ensureDashboardBuilt(): void {
  if (!isDashboardStale()) return;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building the dashboard failed:\n${result.stdout}\n${result.stderr}`);
  console.log(`built the dashboard into dist/web in ${Date.now() - started} ms`);
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' })) latest = Math.max(latest, statSync(join(path, entry)).mtimeMs);
  return latest;
}
