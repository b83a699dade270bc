// CSRF defence for cookie sessions: a request that changes data must come from the dashboard's own
// origin. Browsers send Origin on every cross-site or non-GET fetch, and Sec-Fetch-Site where they can.
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when `method` cannot change data, so no origin check is needed. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** True when the request says it comes from `expectedOrigin` (e.g. `https://concord.example`). */
export function isSameOrigin(headers: IncomingHttpHeaders, expectedOrigin: string): boolean {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin === expectedOrigin;
  // No Origin (older browsers on same-origin requests): trust only an explicit same-origin fetch mark.
  return headers['sec-fetch-site'] === 'same-origin';
}
