// The tests' Redis: a key prefix per test, its keys deleted afterwards, so files share one Redis safely.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { onTeardown } from './teardown.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Why tests that need Redis cannot run here, or false. `npm test` must pass on a machine with only
 * Node, so without a Redis they are skipped with this reason; CI (CI=true) never skips them.
 */
export const REDIS_MISSING: string | false =
  process.env.CI || (await isListening(REDIS_URL)) ? false : `no Redis at ${REDIS_URL} (redis-server --daemonize yes); Redis tests skipped`;

export function isolatedPrefix(t: Parameters<typeof onTeardown>[0]): string {
  const prefix = `concord-test:${randomUUID().slice(0, 8)}:`;
  onTeardown(t, async () => {
    const client = new Redis(REDIS_URL);
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });
  return prefix;
}

function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1_000 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
