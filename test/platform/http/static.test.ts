// Serving the built dashboard: types, caching, compression, the single-page-app fallback, and the
// paths it must leave to the API.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pickEncoding } from '../../../src/platform/http/compression.ts';
import { createHttpServer } from '../../../src/platform/http/server.ts';
import { createDashboardHandler, RouterWithDashboard } from '../../../src/platform/http/static.ts';
import { createLogger } from '../../../src/platform/log.ts';

const INDEX = `<!doctype html><title>Concord</title><div id="root"></div>${'<!-- padding -->'.repeat(100)}`;
const SCRIPT = `console.log("dashboard");\n${'export const x = 1;\n'.repeat(200)}`;

test('the dashboard', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'concord-web-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets', 'index-AbC123.js'), SCRIPT);
  await writeFile(join(root, 'assets', 'index-AbC123.css'), 'body{}');
  await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

  const router = new RouterWithDashboard(createDashboardHandler(root));
  router.get('/api/things', () => ({ body: { ok: true } }));
  router.get('/health', () => ({ body: { status: 'ok' } }));
  const http = createHttpServer({ router, log: createLogger('silent'), bodyLimit: 1_024, requestTimeoutMs: 5_000 });
  const { port } = await http.listen(0, '127.0.0.1');
  t.after(() => http.close());
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { 'accept-encoding': 'identity', ...headers } });

  await t.test('paths and what answers them', async () => {
    const cases: [path: string, status: number, type: string | RegExp, body?: string][] = [
      ['/', 200, 'text/html; charset=utf-8', INDEX],
      ['/index.html', 200, 'text/html; charset=utf-8', INDEX],
      ['/g/123/logs', 200, 'text/html; charset=utf-8', INDEX],
      ['/assets/index-AbC123.js', 200, 'text/javascript; charset=utf-8', SCRIPT],
      ['/assets/index-AbC123.css', 200, 'text/css; charset=utf-8'],
      ['/favicon.svg', 200, 'image/svg+xml'],
      ['/assets/missing-123.js', 404, 'application/problem+json'],
      ['/..%2f..%2fetc/passwd', 404, 'application/problem+json'],
      ['/%2e%2e/package.json', 404, 'application/problem+json'],
      ['/api/nothing', 404, 'application/problem+json'],
      ['/auth/nothing', 404, 'application/problem+json'],
      ['/api/things', 200, 'application/json; charset=utf-8'],
      ['/health', 200, 'application/json; charset=utf-8'],
    ];
    for (const [path, status, type, body] of cases) {
      const res = await get(path);
      assert.equal(res.status, status, path);
      assert.equal(res.headers.get('content-type'), type, path);
      if (body !== undefined) assert.equal(await res.text(), body, path);
    }
  });

  await t.test('only GET and HEAD reach the dashboard', async () => {
    const post = await get('/g/123/logs', {}, 'POST');
    assert.equal(post.status, 404);
    const head = await get('/g/123/logs', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(INDEX)));
  });

  await t.test('hashed assets are cached for a year, the page is revalidated', async () => {
    assert.equal((await get('/assets/index-AbC123.js')).headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const page = await get('/g/1');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const etag = page.headers.get('etag') ?? '';
    assert.match(etag, /^"[\w-]+"$/);
    const again = await get('/', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  });

  await t.test('text is sent with brotli or gzip, as the browser accepts', async () => {
    const br = await fetch(`http://127.0.0.1:${port}/assets/index-AbC123.js`, { headers: { 'accept-encoding': 'gzip, br' } });
    // fetch decodes for us; check the headers and decode a raw copy to be sure of the bytes.
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await br.text(), SCRIPT);
    const raw = await rawBody(port, '/assets/index-AbC123.js', 'gzip');
    assert.equal(raw.encoding, 'gzip');
    assert.equal(gunzipSync(raw.body).toString(), SCRIPT);
    assert.ok(raw.body.length < SCRIPT.length / 5, 'compressed');
    const rawBr = await rawBody(port, '/', 'br');
    assert.equal(brotliDecompressSync(rawBr.body).toString(), INDEX);
    assert.equal((await get('/assets/index-AbC123.css', { 'accept-encoding': 'br' })).headers.get('content-encoding'), null, 'tiny files are sent as they are');
  });
});

test('pickEncoding prefers br, then gzip, and honours q=0', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['br;q=0', undefined],
    ['*', 'gzip'],
    ['GZIP', 'gzip'],
  ];
  for (const [header, expected] of cases) assert.equal(pickEncoding(header), expected, String(header));
});

/** The undecoded body, since fetch always decodes. */
async function rawBody(port: number, path: string, encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}
