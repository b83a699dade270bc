// Reads a JSON request body with a size limit.
import type { IncomingMessage } from 'node:http';
import { findUnsafeJson } from './json-guard.ts';
import { HttpError } from './problem.ts';

/**
 * Parses the body as JSON: 415 if it is not JSON, 413 past `limit` bytes, 400 if malformed, 422 when
 * it holds what no field may (NUL, a lone surrogate, deep nesting; see json-guard.ts).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const length = Number(req.headers['content-length'] ?? 0);
  if (!type && length === 0 && req.headers['transfer-encoding'] === undefined) {
    throw new HttpError(400, 'BODY_REQUIRED', 'this request needs a JSON body');
  }
  if (type !== 'application/json' && !type?.endsWith('+json')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `expected application/json, got ${JSON.stringify(type ?? '')}`);
  }
  if (length > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  const unsafe = findUnsafeJson(body);
  if (unsafe) throw new HttpError(422, 'VALIDATION_FAILED', `${unsafe.field}: ${unsafe.message}`, { errors: [unsafe] });
  return body;
}

function tooLarge(limit: number) {
  return new HttpError(413, 'BODY_TOO_LARGE', `the body is larger than ${limit} bytes`);
}
