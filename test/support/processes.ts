// Concord modes as separate processes (`node src/main.ts <mode>`), for tests that kill one outright.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { onTeardown } from './teardown.ts';

const root = join(import.meta.dirname, '../..');

export interface RunningProcess {
  child: ChildProcess;
  /** The health endpoint's URL, from its "listening" log line. */
  url: string;
  output(): string;
}

/** Starts `mode` and resolves once its log shows `readyLine`; killed at teardown if still running. */
export function startProcess(t: Pick<TestContext, 'after'>, mode: string, env: Record<string, string>, readyLine: RegExp): Promise<RunningProcess> {
  const child = spawn(process.execPath, ['--import', join(root, 'test/support/register.mjs'), join(root, 'src/main.ts'), mode], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTeardown(t, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} not ready within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const url = /"url":"(http:[^"]+)","msg":"[^"]*listening"/.exec(output)?.[1];
      if (!url || !readyLine.test(output)) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve({ child, url, output: () => output });
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${mode} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}
