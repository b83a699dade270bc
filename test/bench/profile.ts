// Profiles the built bundle under load: `node --import ./test/support/register.mjs test/bench/profile.ts
// <path> [seconds]` runs `dist/app.mjs api` with --cpu-prof (DATABASE_URL, API_TOKEN and LOG_LEVEL from
// the environment), fires GETs at <path> with the bearer token, and leaves a .cpuprofile in
// .profiles/ for Chrome DevTools or speedscope.
import { spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { load } from './load.ts';
import { BUNDLE, ROOT } from './process.ts';

const [path = '/health/live', seconds = '6'] = process.argv.slice(2);
const token = process.env.API_TOKEN ?? 'bench-token-0123456789abcdef';
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=.profiles', BUNDLE, 'api'], {
  cwd: ROOT,
  env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', DATABASE_URL: process.env.DATABASE_URL ?? '', API_TOKEN: token },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
while (!(await fetch(`${url}/health/live`).catch(() => undefined))?.ok) await new Promise((resolve) => setTimeout(resolve, 100));
console.log(await load({ url: url + path, headers: { authorization: `Bearer ${token}` }, seconds: Number(seconds) }));
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
