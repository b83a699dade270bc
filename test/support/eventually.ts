// Waits for a condition that becomes true asynchronously (a batch flushed, a cache refreshed).
import { setTimeout as sleep } from 'node:timers/promises';

/** Retries `check` until it stops throwing, for at most `timeoutMs`; rethrows its last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
