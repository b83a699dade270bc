// A bound on waiting for work that takes no AbortSignal (a module's hook): the wait ends, the work is
// abandoned, not stopped.

/**
 * What `work` settles to, or a rejection naming `what` once `ms` have passed first. One promise and
 * one timer: every module handler that returns a promise goes through here (2,500 of them in the
 * GUILD_CREATE burst of a start), where an async function racing a second promise made four promises
 * and a suspended frame.
 */
export function within<T>(work: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms and was abandoned`)), ms);
    const settle = () => clearTimeout(timer);
    try {
      work.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    } catch (error) {
      // A thenable whose `then` throws: its error, at once, and no timer left to hold the process.
      settle();
      reject(error);
    }
  });
}
