// Where browsers reach this server: PUBLIC_URL when set, else what the request's Host says (local use).
import type { IncomingHttpHeaders } from 'node:http';

/** The dashboard's origin, e.g. `https://concord.example`, without a trailing slash. */
export function publicOrigin(publicUrl: string | undefined, headers: IncomingHttpHeaders): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `http://${headers.host ?? 'localhost'}`;
}

/** The base URL for links and the OAuth2 redirect (may include a path prefix). */
export function publicBase(publicUrl: string | undefined, headers: IncomingHttpHeaders): string {
  return publicUrl ?? publicOrigin(undefined, headers);
}

/** Cookies get `Secure` when the dashboard is served over https. */
export function isHttps(publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https:') ?? false;
}
