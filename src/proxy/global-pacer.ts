// Keeps requests to Discord under its global limit in *any* second, however their trips are
// delayed. @discordjs/rest counts in fixed one-second windows, so a window that fills late followed
// by one that fills early sends up to twice the limit within one second. Here a request holds its
// slot from admission until a second after its response: it reached Discord somewhere in between,
// so no second can see more than `perSecond` of them arrive, whatever the network or a busy event
// loop does to their timing.
export class GlobalPacer {
  readonly #perSecond: number;
  /** Requests admitted in the window: `at` is when the response came (Infinity while in flight). */
  #slots: { at: number }[] = [];
  #tail: Promise<unknown> = Promise.resolve();
  #wake: (() => void) | null = null;

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
  }

  /** Resolves when the request may go, with the function to call once its response is in. Callers
   *  are admitted in the order they asked. */
  take(): Promise<() => void> {
    const turn = this.#tail.then(() => this.#admit());
    this.#tail = turn;
    return turn;
  }

  async #admit(): Promise<() => void> {
    for (;;) {
      const now = Date.now();
      this.#slots = this.#slots.filter((slot) => slot.at > now - 1_000);
      if (this.#slots.length < this.#perSecond) break;
      const oldest = Math.min(...this.#slots.map((slot) => slot.at));
      // Wait for the oldest finished request to leave the window, or for one in flight to finish.
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        if (Number.isFinite(oldest)) setTimeout(resolve, oldest + 1_000 - now);
      });
      this.#wake = null;
    }
    const slot = { at: Number.POSITIVE_INFINITY };
    this.#slots.push(slot);
    return () => {
      slot.at = Date.now();
      this.#wake?.();
    };
  }
}

/** Interaction callbacks and webhooks are outside the global limit (and must not wait: 3 s to answer). */
export function isGloballyLimited(path: string): boolean {
  return !/^\/api(\/v\d+)?\/(interactions|webhooks)\//.test(path);
}
