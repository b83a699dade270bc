// `npm test`: runs every test file with node:test. Without DATABASE_URL it first starts one embedded
// database for the whole run (PGlite costs ~5 s and ~300 MB, too much to pay per file).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';

const root = join(import.meta.dirname, '..');
const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : findTests(join(root, 'test'));

// Browser tests run against the built dashboard: build it once here, before files run in parallel.
if (files.some((file) => file.includes('test/web/'))) ensureDashboardBuilt();

const env = { ...process.env };
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
if (!env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres({ dataDir: 'memory://', listen: 'tcp' });
  env.DATABASE_URL = embedded.url;
  env.TEST_EMBEDDED_DATABASE = '1';
}
// PGlite is one backend session shared by every connection, so session state (search_path) would leak
// between files running at once: on the embedded database the files take turns.
const concurrency = embedded ? 1 : Math.max(2, availableParallelism());
console.log(`testing ${files.length} files on ${embedded ? 'the embedded database' : 'PostgreSQL'}, ${concurrency} at a time`);

const child = spawn(
  process.execPath,
  ['--import', './test/support/register.mjs', '--test', `--test-concurrency=${concurrency}`, ...files],
  { cwd: root, env, stdio: 'inherit' },
);
const code = await new Promise<number>((resolve) => child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
await embedded?.stop();
process.exit(code);

function findTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts') && !file.split('/').includes('node_modules'))
    .map((file) => relative(root, join(dir, file)))
    .sort();
}
