// A clock tests can move forward: the real time plus an offset, so timers still run.
import type { Clock } from '../../src/platform/time/clock.ts';

export interface MovedClock extends Clock {
  /** Moves "now" forward by `ms`. */
  advance(ms: number): void;
}

export function createMovedClock(startAt = Date.now()): MovedClock {
  let offset = startAt - Date.now();
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
