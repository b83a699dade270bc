// A PLUGINS_DIR for one test: fixture plugins copied in and others written from source, removed at
// teardown.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TestContext } from 'node:test';
import { onTeardown } from './teardown.ts';

/** The README's example plugin (a listener, settings, a migration, a command, a component, a route). */
export const EXAMPLE_PLUGIN = join(import.meta.dirname, '../fixtures/plugins/karma.mjs');

/** A new folder holding copies of the `copy` files and the `write` ones (file name → source). */
export async function pluginsDir(t: Pick<TestContext, 'after'>, { copy = [], write = {} }: { copy?: string[]; write?: Record<string, string> }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-plugins-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  for (const file of copy) await copyFile(file, join(dir, basename(file)));
  for (const [name, source] of Object.entries(write)) await writeFile(join(dir, name), source);
  return dir;
}
