// Keeps requests to Discord under its global limit in *any* second. @discordjs/rest counts in fixed
// one-second windows, so a window that fills late followed by one that fills early sends up to twice
// the limit within one second; this admits a request only while fewer than `perSecond` went out in
// the last second (plus a margin for the requests' differing trips to Discord).
export class GlobalPacer {
  readonly #perSecond: number;
  readonly #windowMs: number;
  /** Times of the last `perSecond` admissions, oldest first. */
  readonly #sent: number[] = [];
  #tail: Promise<void> = Promise.resolve();

  constructor(perSecond: number, marginMs = 50) {
    this.#perSecond = perSecond;
    this.#windowMs = 1_000 + marginMs;
  }

  /** Resolves when the request may go; callers are admitted in the order they asked. */
  take(): Promise<void> {
    const turn = this.#tail.then(() => this.#admit());
    this.#tail = turn;
    return turn;
  }

  async #admit(): Promise<void> {
    if (this.#sent.length >= this.#perSecond) {
      const wait = (this.#sent[0] ?? 0) + this.#windowMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.#sent.shift();
    }
    this.#sent.push(Date.now());
  }
}

/** Interaction callbacks and webhooks are outside the global limit (and must not wait: 3 s to answer). */
export function isGloballyLimited(path: string): boolean {
  return !/^\/api(\/v\d+)?\/(interactions|webhooks)\//.test(path);
}
