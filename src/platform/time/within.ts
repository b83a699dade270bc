// A bound on waiting for work that takes no AbortSignal (a module's hook): the wait ends, the work is
// abandoned, not stopped.

/** What `work` settles to, or a rejection naming `what` once `ms` have passed first. */
export async function within<T>(work: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms and was abandoned`)), ms);
  });
  try {
    return await Promise.race([work, overdue]);
  } finally {
    clearTimeout(timer);
  }
}
