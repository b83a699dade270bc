// Discord's global rate limit: a bot may make so many requests in any second across all routes,
// and gets 429 with `global: true` beyond. Interaction callbacks and webhooks are exempt.
// https://discord.com/developers/docs/topics/rate-limits#global-rate-limit
export class GlobalLimit {
  readonly #perSecond: number;
  /** Arrival times of the requests let through in the last second. */
  readonly #recent: number[] = [];

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
  }

  /** Admits the request (null) or gives the seconds until one more would be admitted. */
  take(now = Date.now()): number | null {
    while (this.#recent.length > 0 && (this.#recent[0] ?? 0) <= now - 1_000) this.#recent.shift();
    if (this.#recent.length < this.#perSecond) {
      this.#recent.push(now);
      return null;
    }
    return ((this.#recent[0] ?? now) + 1_000 - now) / 1_000;
  }
}

/** Routes the global limit does not cover. */
export function isExemptFromGlobalLimit(path: string): boolean {
  return /^\/interactions\//.test(path) || /^\/webhooks\//.test(path);
}
