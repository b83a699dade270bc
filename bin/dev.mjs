#!/usr/bin/env node
// `npm run dev`: the API on API_PORT (3000), and Vite's dev server on :5173 with hot reload,
// proxying /api and /auth to it. Open http://localhost:5173. The API runs the bundle production
// runs, rebuilt by esbuild on each change to src/ and restarted by node --watch: no source
// loader at all (Node 20, the oldest we support, cannot strip types), so dev and prod cannot drift.
import { spawn } from 'node:child_process';
import { context } from 'esbuild';
import { bundles } from './bundles.mjs';

const contexts = await Promise.all(bundles.map((options) => context(options)));
// Built once before the API starts, then on every change.
await Promise.all(contexts.map((ctx) => ctx.rebuild()));
await Promise.all(contexts.map((ctx) => ctx.watch()));

const apiPort = process.env.API_PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--enable-source-maps', '--watch-path=dist/app.mjs', '--watch-path=dist/regex-worker.mjs', 'dist/app.mjs', 'api'], {
    stdio: 'inherit',
    // The OAuth2 redirect and the CSRF origin are the Vite server's, which the browser talks to.
    env: { PUBLIC_URL: 'http://localhost:5173', ...process.env, PORT: apiPort },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'src/web/vite.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, API_PORT: apiPort },
  }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  for (const ctx of contexts) void ctx.dispose();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}
