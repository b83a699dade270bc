// bin/bundles.mjs gives ES modules that import undici constant bindings instead of esbuild's interop
// object (it says why). The tests run src/, so this one builds a probe with the production options.
// The metafile shows the import went through the plugin (without it, these assertions fail); the
// probe's run shows the bindings are the package's own exports, from the one copy a require gets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { bundles } from '../bin/bundles.mjs';

test('undici imported by ES modules is bound to its exports, and bundled once', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-bundle-exports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'probe.mjs');
  const { metafile } = await build({ ...bundles[0], entryPoints: [join(import.meta.dirname, 'fixtures/bundle-exports/entry.ts')], outfile, sourcemap: false, metafile: true });
  const inputs = Object.keys(metafile.inputs);
  const entry = inputs.find((input) => input.endsWith('bundle-exports/entry.ts')) ?? '';
  assert.deepEqual(
    metafile.inputs[entry]?.imports.filter((it) => it.original === 'undici').map((it) => it.path),
    ['constant-exports:node_modules/undici/index.js'],
  );
  assert.equal(inputs.filter((input) => input.startsWith('constant-exports:')).length, 1, inputs.join('\n'));
  assert.equal(inputs.filter((input) => input.endsWith('node_modules/undici/index.js')).length, 2, 'the package itself and its constant-exports module');
  assert.deepEqual(JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })), { sameRequest: true, sameHeaders: true, header: 'yes' });
});
