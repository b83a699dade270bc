// The HTTP side of the failed-authentication limit: which address a request counts against, the
// 429 it gets when that address has used its tries, and the log line and metric that show it.

import type { Logger } from '../log.ts';
import { clientAddress } from './client-address.ts';
import { addressKey, type FailureLimiter } from './failure-limiter.ts';
import { HttpError } from './problem.ts';
import type { RequestContext } from './router.ts';

export interface AuthFailureGuard {
  /** Throws a 429 with Retry-After when the request's address may not try to authenticate now. */
  check(ctx: RequestContext): void;
  /** Counts a failed authentication (a wrong token, an unknown or ended session) against the address. */
  failed(ctx: RequestContext): void;
}

export interface AuthFailureGuardOptions {
  limiter: FailureLimiter;
  /** Take the client address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy: boolean;
  log?: Logger | undefined;
  /** Told of each counted failure (`refused`) and each 429 (`limited`). */
  onOutcome?: (outcome: 'refused' | 'limited') => void;
}

export function createAuthFailureGuard(options: AuthFailureGuardOptions): AuthFailureGuard {
  const keyOf = (ctx: RequestContext) => addressKey(clientAddress(ctx.raw, options.trustProxy));
  return {
    check(ctx) {
      const key = keyOf(ctx);
      const seconds = options.limiter.retryAfter(key);
      if (seconds === 0) return;
      options.onOutcome?.('limited');
      throw new HttpError(429, 'TOO_MANY_FAILED_AUTHENTICATIONS', `too many failed authentications from your address; try again in ${seconds} s`, {
        headers: { 'retry-after': String(seconds) },
      });
    },
    failed(ctx) {
      const key = keyOf(ctx);
      options.onOutcome?.('refused');
      // Once per episode: the moment an address runs out, not at each 429 after it.
      if (options.limiter.recordFailure(key)) {
        options.log?.warn({ address: key, retry_after_s: options.limiter.retryAfter(key) }, 'too many failed authentications; limiting this address');
      }
    },
  };
}
