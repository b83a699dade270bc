// Runs `bin/app` as an operator does (src/main.ts through the test loader) and collects what it printed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` in an environment of only PATH and `env` (no DATABASE_URL unless given). */
export async function runCli(args: string[], env: Record<string, string>, cwd = root): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', join(root, 'test/support/register.mjs'), join(root, 'src/main.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}
