// An append-only list of what the bot did, which tests can await instead of sleeping.
export interface WaitOptions {
  /** Milliseconds before the wait rejects; default 5000. */
  timeout?: number;
}

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
}

export class Recording<T> {
  readonly items: T[] = [];
  readonly #what: string;
  readonly #waiters = new Set<Waiter<T>>();

  /** `what` names the list in timeout errors, e.g. "sent message". */
  constructor(what: string) {
    this.#what = what;
  }

  push(item: T): void {
    this.items.push(item);
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(item)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(item);
    }
  }

  /** The first recorded item matching `predicate`, now or when it arrives. */
  waitFor(predicate: (item: T) => boolean, { timeout = 5_000 }: WaitOptions = {}): Promise<T> {
    const existing = this.items.find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching ${this.#what} within ${timeout}ms (${this.items.length} recorded)`));
      }, timeout);
      this.#waiters.add(waiter);
    });
  }
}
