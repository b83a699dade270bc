// Where the app's own files are, the same from src/ (tests) and from dist/app.mjs (the bundle).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the app root (no package.json above the code)');
    dir = parent;
  }
  return dir;
}

export const APP_ROOT = findAppRoot();
export const MIGRATIONS_DIR = join(APP_ROOT, 'migrations');
