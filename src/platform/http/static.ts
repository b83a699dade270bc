// Serves the built dashboard (dist/web): compressed, cached by content hash, with a single-page-app
// fallback to index.html for client routes. /api, /auth and /health stay the API's (404 problems).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { MIN_COMPRESS_BYTES, pickEncoding } from './compression.ts';
import { HttpError } from './problem.ts';
import { type Handler, type Match, type Reply, Router } from './router.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

/** Paths the dashboard never answers, so unknown API paths stay 404 problems. */
export function isApiPath(path: string): boolean {
  return /^\/(api|auth|health)(\/|$)/.test(path);
}

// The built app only loads its own files; avatars and guild icons come from Discord's CDN.
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: https://cdn.discordapp.com; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
  encoded: Map<'br' | 'gzip', Promise<Buffer>>;
}

/** A GET/HEAD handler serving files under `root`. */
export function createDashboardHandler(root: string): Handler {
  const base = resolve(root);
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const body = await readFile(file);
    const entry: CachedFile = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      encoded: new Map(),
    };
    // The build leaves .br and .gz copies beside each file (src/web/vite.config.ts); use them when fresh.
    for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
      const copy = await stat(file + suffix).catch(() => undefined);
      if (copy?.isFile() && copy.mtimeMs >= info.mtimeMs) entry.encoded.set(encoding, readFile(file + suffix));
    }
    cache.set(file, entry);
    return entry;
  }

  return async (ctx) => {
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      throw new HttpError(400, 'MALFORMED_URL', 'the path is not valid percent-encoding');
    }
    const file = resolve(base, `.${path}`);
    if (path.includes('\0') || (file !== base && !file.startsWith(base + sep))) {
      throw new HttpError(404, 'NOT_FOUND', `no file at ${ctx.path}`);
    }
    let target = file === base ? join(base, 'index.html') : file;
    let found = await load(target);
    if (!found) {
      // A missing asset is a 404; any other path is a client route of the single-page app.
      if (extname(path) !== '') throw new HttpError(404, 'NOT_FOUND', `no file at ${ctx.path}`);
      target = join(base, 'index.html');
      found = await load(target);
    }
    if (!found) return notBuilt();
    return reply(ctx.headers['accept-encoding'], ctx.headers['if-none-match'], path, target, found);
  };
}

/** The file compressed with `encoding`: the build's copy, or made once here and kept. */
function encode(found: CachedFile, encoding: 'br' | 'gzip'): Promise<Buffer> {
  let encoded = found.encoded.get(encoding);
  if (!encoded) {
    encoded =
      encoding === 'br'
        ? brotli(found.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: found.size } })
        : gzipAsync(found.body, { level: 9 });
    found.encoded.set(encoding, encoded);
  }
  return encoded;
}

/** A Router that hands GET/HEAD requests no route matched, outside the API's paths, to `dashboard`. */
export class RouterWithDashboard extends Router {
  readonly #dashboard: Handler;

  constructor(dashboard: Handler) {
    super();
    this.#dashboard = dashboard;
  }

  override match(method: string, path: string): Match {
    const match = super.match(method, path);
    if (match.kind === 'none' && (method === 'GET' || method === 'HEAD') && !isApiPath(path)) {
      return { kind: 'found', handler: this.#dashboard, params: {}, pattern: '(dashboard)' };
    }
    return match;
  }
}

async function reply(acceptEncoding: string | undefined, ifNoneMatch: string | undefined, path: string, file: string, found: CachedFile): Promise<Reply> {
  const ext = extname(file);
  const isHtml = ext === '.html';
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    // Vite puts a content hash in every name under /assets/; everything else must be revalidated.
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag: found.etag,
    'x-content-type-options': 'nosniff',
    ...(isHtml ? HTML_HEADERS : {}),
  };
  const compressible = COMPRESSIBLE.has(ext) && found.size >= MIN_COMPRESS_BYTES;
  if (compressible) headers.vary = 'Accept-Encoding';
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === found.etag)) {
    return { status: 304, headers };
  }
  const encoding = compressible ? pickEncoding(acceptEncoding) : undefined;
  if (!encoding) return { status: 200, headers, body: found.body };
  return { status: 200, headers: { ...headers, 'content-encoding': encoding }, body: await encode(found, encoding) };
}

function notBuilt(): Reply {
  return {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: 'The dashboard is not built: run `npm run build`, then restart.\n',
  };
}
