// Failures tests schedule with `fake.failNext`, and the rate-limit headers Discord puts on every response.
// https://discord.com/developers/docs/topics/rate-limits
import { createHash } from 'node:crypto';
import type { Reply } from './router.ts';

export interface FailNextOptions {
  method?: string;
  /** The path after /api/v10; a string must match exactly, e.g. `/channels/123/messages`. */
  path?: string | RegExp;
  status: 429 | 500 | 502 | 503;
  /** How many matching requests fail; default 1. */
  count?: number;
  /** Seconds, for 429; default 0.5. */
  retryAfter?: number;
  /** A global rate limit instead of a per-route one. */
  global?: boolean;
}

export interface DelayNextOptions {
  method?: string;
  /** As in FailNextOptions. */
  path?: string | RegExp;
  /** How long matching requests take before Discord carries them out. */
  ms: number;
  /** How many matching requests are slow; default 1. */
  count?: number;
}

type Matcher = { method?: string | undefined; path?: string | RegExp | undefined; remaining: number };

const statusText: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export class FaultPlan {
  readonly #faults: (FailNextOptions & { remaining: number })[] = [];
  readonly #delays: (DelayNextOptions & { remaining: number })[] = [];

  add(fault: FailNextOptions): void {
    this.#faults.push({ ...fault, remaining: fault.count ?? 1 });
  }

  addDelay(delay: DelayNextOptions): void {
    this.#delays.push({ ...delay, remaining: delay.count ?? 1 });
  }

  /** The fault this request should suffer, consuming one of its uses. */
  take(method: string, path: string): FailNextOptions | null {
    return takeFrom(this.#faults, method, path);
  }

  /** How long this request should take (0: no delay), consuming one use of its delay. */
  takeDelay(method: string, path: string): number {
    return takeFrom(this.#delays, method, path)?.ms ?? 0;
  }
}

function takeFrom<T extends Matcher>(list: T[], method: string, path: string): T | null {
  const found = list.find(
    (f) =>
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
  );
  if (!found) return null;
  found.remaining--;
  if (found.remaining <= 0) list.splice(list.indexOf(found), 1);
  return found;
}

/** An opaque per-route bucket id, stable like Discord's. */
export function bucketFor(method: string, routePath: string): string {
  return createHash('sha1').update(`${method} ${routePath}`).digest('hex').slice(0, 32);
}

/** Generous limits: the library never has to wait unless a test asks for a 429. */
export function rateLimitHeaders(bucket: string): Record<string, string> {
  const resetAfter = 1;
  return {
    'X-RateLimit-Limit': '50',
    'X-RateLimit-Remaining': '49',
    'X-RateLimit-Reset': (Date.now() / 1_000 + resetAfter).toFixed(3),
    'X-RateLimit-Reset-After': resetAfter.toFixed(3),
    'X-RateLimit-Bucket': bucket,
  };
}

export function faultReply(fault: FailNextOptions, bucket: string): Reply {
  if (fault.status !== 429) {
    return { status: fault.status, body: { message: `${fault.status}: ${statusText[fault.status]}`, code: 0 }, headers: rateLimitHeaders(bucket) };
  }
  const retryAfter = fault.retryAfter ?? 0.5;
  const isGlobal = fault.global ?? false;
  const headers: Record<string, string> = {
    // Discord rounds the header up to whole seconds; the body carries the exact value.
    'Retry-After': String(Math.ceil(retryAfter)),
    'X-RateLimit-Scope': isGlobal ? 'global' : 'user',
  };
  if (isGlobal) headers['X-RateLimit-Global'] = 'true';
  else {
    Object.assign(headers, rateLimitHeaders(bucket), {
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': (Date.now() / 1_000 + retryAfter).toFixed(3),
      'X-RateLimit-Reset-After': retryAfter.toFixed(3),
    });
  }
  return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: isGlobal }, headers };
}
