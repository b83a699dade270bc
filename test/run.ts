// `npm test`: runs every test file with node:test. Without DATABASE_URL it first starts one embedded
// PostgreSQL for the whole run, on a throw-away data directory; each file has its own schema there.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';

const root = join(import.meta.dirname, '..');
const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : findTests(join(root, 'test'));

// Browser tests run against the built dashboard: build it once here, before files run in parallel.
if (files.some((file) => file.includes('test/web/'))) ensureDashboardBuilt();

const env = { ...process.env };
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
const dataDir = env.DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'concord-test-pg-'));
if (dataDir) {
  // On TCP (with a random password) so that every test process, and the apps they spawn, take a URL.
  embedded = await startEmbeddedPostgres({ dataDir, tcpPort: await freePort(), maxConnections: 400, throwaway: true });
  env.DATABASE_URL = embedded.url;
}
const concurrency = Math.max(2, availableParallelism());
console.log(`testing ${files.length} files on ${embedded ? 'the embedded PostgreSQL' : 'PostgreSQL'}, ${concurrency} at a time`);

const child = spawn(
  process.execPath,
  // A test that hangs fails after five minutes (the slowest browser test takes one), and a file whose
  // tests are done exits even if something it started still holds the event loop: a run cannot stall.
  ['--import', './test/support/register.mjs', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', '--test-force-exit', ...files],
  { cwd: root, env, stdio: 'inherit' },
);
const code = await new Promise<number>((resolve) => child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
await embedded?.stop();
if (dataDir) await rm(dataDir, { recursive: true, force: true });
process.exit(code);

function findTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts') && !file.split('/').includes('node_modules'))
    .map((file) => relative(root, join(dir, file)))
    .sort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
