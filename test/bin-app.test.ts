// bin/app, the launcher operators run: it runs the bundle beside it, and on a Node with a compile cache
// keeps the bundle's compiled code for the next start. Run from a copy beside a stand-in bundle, so
// the test needs no build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type TestContext, test } from 'node:test';

const launcher = join(import.meta.dirname, '../bin/app');
const noCache = !('enableCompileCache' in module) && 'this Node has no compile cache (Node 22.8 and later do)';

/** Runs a copy of bin/app beside a stand-in bundle, with TMPDIR (the cache's default home) its own. */
async function launch(t: Pick<TestContext, 'after'>, env: Record<string, string> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'concord-bin-app-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'bin'));
  await mkdir(join(root, 'dist'));
  await mkdir(join(root, 'tmp'));
  await copyFile(launcher, join(root, 'bin/app'));
  await writeFile(join(root, 'dist/app.mjs'), "console.log('bundle ran with', ...process.argv.slice(2));\n");
  const run = spawnSync(process.execPath, [join(root, 'bin/app'), 'all'], { env: { PATH: process.env.PATH ?? '', TMPDIR: join(root, 'tmp'), ...env }, encoding: 'utf8' });
  // bin/app itself is compiled before it turns the cache on: a file cached is the bundle's.
  const cached = await readdir(join(root, 'tmp'), { recursive: true, withFileTypes: true }).then((entries) => entries.filter((entry) => entry.isFile()).length);
  return { ...run, cached };
}

test('bin/app runs the bundle with the arguments given', async (t) => {
  const run = await launch(t);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'bundle ran with all');
});

test('bin/app keeps the compiled bundle in the temporary directory, unless turned off', { skip: noCache }, async (t) => {
  assert.equal((await launch(t)).cached, 1);
  const off = await launch(t, { NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(off.status, 0, off.stderr);
  assert.equal(off.cached, 0);
});

test('bin/app starts without the cache where it cannot keep one', { skip: noCache }, async (t) => {
  // A temporary "directory" that is a file: no cache directory can be made in it, even by root.
  const file = join(await mkdtemp(join(tmpdir(), 'concord-bin-app-file-')), 'not-a-directory');
  t.after(() => rm(dirname(file), { recursive: true, force: true }));
  await writeFile(file, '');
  const run = await launch(t, { TMPDIR: file });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'bundle ran with all');
});
