// Per-user cooldowns, kept in memory: a key is remembered until its cooldown ends.

export class Cooldowns {
  #until = new Map<string, number>();
  #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Starts the cooldown for `key` unless one is running; returns the seconds left of a running one, else 0. */
  take(key: string, seconds: number): number {
    if (seconds <= 0) return 0;
    const now = this.#now();
    const until = this.#until.get(key);
    if (until !== undefined && until > now) return Math.ceil((until - now) / 1_000);
    this.#until.set(key, now + seconds * 1_000);
    if (this.#until.size > 10_000) this.#sweep(now);
    return 0;
  }

  #sweep(now: number) {
    for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
  }
}
