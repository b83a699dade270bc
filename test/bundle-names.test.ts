// The bundle is minified without esbuild's keepNames (bin/bundles.mjs), which renames classes: what
// reads an error's name must read the same in the bundle as in src/. The tests run src/, so this one
// builds a probe with the production options and runs it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { bundles } from '../bin/bundles.mjs';

test('error names read the same in the minified bundle', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-bundle-names-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'probe.mjs');
  await build({ ...bundles[0], entryPoints: [join(import.meta.dirname, 'fixtures/bundle-names/entry.ts')], outfile, sourcemap: false });
  const seen = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));
  assert.deepEqual(seen, {
    postgres: { name: 'PostgresError', isPostgresError: true },
    redis: ['ReplyError', 'MaxRetriesPerRequestError'],
    discord: 'DiscordAPIError[50013]',
    loggedType: 'AppError',
  });
});
