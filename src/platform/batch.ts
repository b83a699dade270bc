// Lookups of one key made at about the same time become one lookup of them all: at connection a
// burst of GUILD_CREATEs asks something of each guild, and the database gets a query per batch
// instead of one per guild.

export interface BatchOptions<V> {
  /** What a key the batch's answer leaves out gets. */
  empty: () => V;
  /** How long keys gather after the first; with `maxWaitMs`, after the last. */
  waitMs: number;
  /**
   * Keys keep gathering while they come less than `waitMs` apart, up to this long after the first:
   * a lone key waits `waitMs`, a burst is one lookup per `maxWaitMs`. Default: `waitMs`.
   */
  maxWaitMs?: number;
  /** A batch this large goes at once. */
  max?: number;
}

/** `loadMany` answers for a batch of keys; the function returned asks for one and gets its part. */
export function batched<V>(loadMany: (keys: string[]) => Promise<ReadonlyMap<string, V>>, { empty, waitMs, maxWaitMs = waitMs, max = 1_000 }: BatchOptions<V>): (key: string) => Promise<V> {
  type Waiter = { resolve: (value: V) => void; reject: (error: unknown) => void };
  let pending = new Map<string, Waiter[]>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let lastAt = 0;
  // Not cleared from inside its own callback: the callback only forgets it, or sets the next.
  const due = () => {
    const now = Date.now();
    const quiet = now - lastAt;
    const waited = now - firstAt;
    // A wall clock stepped back (negative times) counts as time enough: the keys go now.
    if (maxWaitMs > waitMs && quiet >= 0 && waited >= 0 && quiet < waitMs && waited < maxWaitMs) {
      timer = setTimeout(due, Math.min(waitMs - quiet, maxWaitMs - waited));
      return;
    }
    timer = undefined;
    flush();
  };
  const flush = () => {
    const batch = pending;
    pending = new Map();
    loadMany([...batch.keys()]).then(
      (found) => {
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key) ?? empty());
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      const waiters = pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else pending.set(key, [{ resolve, reject }]);
      if (pending.size < max) {
        lastAt = Date.now();
        if (!timer) {
          firstAt = lastAt;
          timer = setTimeout(due, waitMs);
        }
        return;
      }
      clearTimeout(timer);
      timer = undefined;
      flush();
    });
}
