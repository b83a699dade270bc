// Who is on the other end of a request, for per-client limits.
import type { IncomingMessage } from 'node:http';

/**
 * The client's address: the socket's peer, or with `trustProxy` the address the (one) reverse proxy
 * in front appended last to X-Forwarded-For; earlier entries are the client's to forge.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').at(-1)?.trim();
  return last || peer;
}
