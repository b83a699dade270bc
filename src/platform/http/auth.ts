// Bearer-token checks for the API, in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './problem.ts';

/** True when `given` equals `expected`; hashing first makes the comparison length-independent. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
// The configured tokens (API_TOKEN, METRICS_TOKEN), hashed once rather than on every request.
const digests = new Map<string, Buffer>();

/** Throws 401 unless the request carries `Authorization: Bearer <token>`. */
export function requireBearer(headers: IncomingHttpHeaders, token: string): void {
  const match = BEARER.exec(headers.authorization ?? '');
  let expected = digests.get(token);
  if (!expected) {
    expected = createHash('sha256').update(token).digest();
    // A handful of tokens in a process's life; the bound only guards against misuse.
    if (digests.size >= 8) digests.clear();
    digests.set(token, expected);
  }
  const given = match?.[1];
  if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
    throw new HttpError(401, 'UNAUTHORIZED', 'send Authorization: Bearer <API_TOKEN>', {
      headers: { 'www-authenticate': 'Bearer realm="concord"' },
    });
  }
}
