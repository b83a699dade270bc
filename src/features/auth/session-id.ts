// Session ids: 32 random bytes in the cookie; only their SHA-256 is stored, so a leaked table
// does not hand out live sessions.
import { createHash, randomBytes } from 'node:crypto';

const SESSION_ID = /^[\w-]{43}$/;

/** A new random session id (base64url, 256 bits). */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a session id; undefined for a value that cannot be one of ours. */
export function hashSessionId(id: string): string | undefined {
  if (!SESSION_ID.test(id)) return undefined;
  return createHash('sha256').update(id).digest('hex');
}
