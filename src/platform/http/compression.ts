// Content negotiation for compressed responses: which encoding a client takes, and JSON replies
// compressed on the fly (node:zlib) when they are big enough for it to pay off.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Below this a compressed body saves less than the encoding costs (and often grows). */
export const MIN_COMPRESS_BYTES = 1_024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** JSON and problem+json, e.g. `application/json; charset=utf-8`. */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** br when the client takes it, else gzip, else none (q=0 refuses an encoding). */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
    if (q === undefined || Number(q) > 0) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return undefined;
}

/**
 * How to send a JSON reply of `size` bytes to a client that sent `acceptEncoding`: the encoding to
 * compress it with (at least MIN_COMPRESS_BYTES, JSON, not encoded yet, and the client takes one),
 * or undefined to send it as it is. Sets `vary` in `headers` whenever the answer could have been
 * compressed. Synchronous, so that an answer sent as it is goes out in the request's own tick.
 */
export function jsonEncoding(acceptEncoding: string | undefined, headers: Record<string, string | string[]>, size: number): 'br' | 'gzip' | undefined {
  if (size < MIN_COMPRESS_BYTES || headers['content-encoding'] || !JSON_TYPE.test(String(headers['content-type'] ?? ''))) return undefined;
  // Caches must keep the encodings apart, whichever this client gets.
  if (headers.vary === undefined) headers.vary = 'Accept-Encoding';
  else if (!/\baccept-encoding\b/i.test(String(headers.vary))) headers.vary = [headers.vary].flat().concat('Accept-Encoding').join(', ');
  // Most API clients (scripts, probes) send none; the parse below is for browsers.
  return acceptEncoding ? pickEncoding(acceptEncoding) : undefined;
}

/** `payload` compressed with `encoding`; sets `content-encoding` and `content-length` in `headers` to match. */
export async function compressJson(encoding: 'br' | 'gzip', headers: Record<string, string | string[]>, payload: string | Buffer, size: number): Promise<Buffer> {
  // Fast settings: these are made per request, unlike the dashboard's files compressed at build time.
  const body =
    encoding === 'br'
      ? await brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: size, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
      : await gzipAsync(payload, { level: 6 });
  headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  return body;
}
