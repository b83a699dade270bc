// The scheduler's and the commands' notion of "now": the system clock, or a moved one in tests.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
