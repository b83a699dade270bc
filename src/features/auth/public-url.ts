// Where browsers reach this server: PUBLIC_URL when set. Without it the request's Host is used, but
// only a loopback one (local use): any other Host is the client's to choose, and would pick the
// OAuth2 redirect, the login redirect and the origin a cookie request is checked against.
import type { IncomingHttpHeaders } from 'node:http';

/** `localhost`, `127.0.0.1` or `[::1]`, with any port. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** True when `host` (a Host header) names this machine's loopback interface. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/**
 * The dashboard's origin, e.g. `https://concord.example`, without a trailing slash; undefined when
 * PUBLIC_URL is unset and the Host is not loopback (answer with `untrustedHostMessage`).
 */
export function publicOrigin(publicUrl: string | undefined, headers: IncomingHttpHeaders): string | undefined {
  if (publicUrl) return new URL(publicUrl).origin;
  return isLoopbackHost(headers.host) ? `http://${headers.host}` : undefined;
}

/** The base URL for links and the OAuth2 redirect (may include a path prefix); undefined as above. */
export function publicBase(publicUrl: string | undefined, headers: IncomingHttpHeaders): string | undefined {
  return publicUrl ?? publicOrigin(undefined, headers);
}

/** Why a request to a non-loopback Host is refused without PUBLIC_URL, and what to do. */
export function untrustedHostMessage(host: string | undefined): string {
  return `Concord was reached as ${JSON.stringify(host ?? '')} but \`PUBLIC_URL\` is not set, so it trusts only localhost. Set \`PUBLIC_URL\` to the address browsers use (e.g. https://concord.example.com) and restart Concord.`;
}

/** Cookies get `Secure` when the dashboard is served over https. */
export function isHttps(publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https:') ?? false;
}
