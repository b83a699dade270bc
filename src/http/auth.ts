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

/** Throws 401 unless the request carries `Authorization: Bearer <token>`. */
export function requireBearer(headers: IncomingHttpHeaders, token: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!match?.[1] || !tokensMatch(match[1], token)) {
    throw new HttpError(401, 'UNAUTHORIZED', 'send Authorization: Bearer <API_TOKEN>', {
      headers: { 'www-authenticate': 'Bearer realm="concord"' },
    });
  }
}
