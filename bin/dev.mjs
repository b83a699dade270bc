#!/usr/bin/env node
// `npm run dev`: the API from source (restarted when it changes) on API_PORT (3000), and Vite's dev
// server on :5173 with hot reload, proxying /api and /auth to it. Open http://localhost:5173.
import { spawn } from 'node:child_process';

const apiPort = process.env.API_PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--watch-path=src', '--watch-path=sql', '--import', './test/support/register.mjs', 'src/main.ts', 'api'], {
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
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}
