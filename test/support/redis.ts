// The tests' Redis: a key prefix per test, its keys deleted afterwards, so files share one Redis safely.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { onTeardown } from './teardown.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

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
