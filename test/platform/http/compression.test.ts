// JSON responses are compressed when the client accepts it and they are big enough to gain from it.
// Read with node:http, which (unlike fetch) hands over the bytes exactly as the server sent them.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { jsonEncoding, MIN_COMPRESS_BYTES } from '../../../src/platform/http/compression.ts';
import { startTestApp, TEST_TOKEN } from '../../support/app.ts';

const GUILD = '500000000000000001';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

function get(url: string, path: string, headers: Record<string, string>, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers: { authorization: `Bearer ${TEST_TOKEN}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

test('API JSON compression', async (t) => {
  const app = await startTestApp(t);
  await app.db.sql.unsafe(
    `insert into command_logs (occurred_at, guild_id, channel_id, user_id, user_name, command, args, source, status, latency_ms, event_id)
     select now() - interval '1 minute' * i, $1, '600000000000000001', (700000000000000000 + i % 30)::text, 'user' || (i % 30),
            (array['ping','rules','roll'])[1 + i % 3], 'some arguments', 'prefix', 'ok', 5 + i % 50, 'c-' || i
     from generate_series(1, 200) as i`,
    [GUILD],
  );
  const logs = `/api/logs?guild_id=${GUILD}&limit=100`;
  const plain = await get(app.url, logs, { 'accept-encoding': 'identity' });
  const identity = plain.bytes.toString('utf8');

  await t.test('without Accept-Encoding (or with identity) the JSON is sent as it is, and says it varies', () => {
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(JSON.parse(identity).items.length, 100);
    assert.ok(plain.bytes.length > MIN_COMPRESS_BYTES);
  });

  const cases: [header: string, expected: 'br' | 'gzip' | undefined][] = [
    ['gzip, deflate, br', 'br'],
    ['br;q=1.0, gzip;q=0.8', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'gzip'],
    ['deflate', undefined],
    ['gzip;q=0', undefined],
  ];
  for (const [header, expected] of cases) {
    await t.test(`Accept-Encoding: ${header} → ${expected ?? 'none'}`, async () => {
      const res = await get(app.url, logs, { 'accept-encoding': header });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], expected);
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.equal(Number(res.headers['content-length']), res.bytes.length, 'content-length is of the bytes sent');
      const text = expected === 'br' ? brotliDecompressSync(res.bytes).toString('utf8') : expected === 'gzip' ? gunzipSync(res.bytes).toString('utf8') : res.bytes.toString('utf8');
      assert.deepEqual(JSON.parse(text), JSON.parse(identity), 'the same document, whatever the encoding');
      if (expected) {
        const ratio = res.bytes.length / plain.bytes.length;
        t.diagnostic(`/api/logs, 100 rows: ${plain.bytes.length} B as is, ${res.bytes.length} B ${expected} (${(ratio * 100).toFixed(0)} %)`);
        assert.ok(ratio < 0.25, `${expected} makes ${plain.bytes.length} B into ${res.bytes.length} B`);
      }
    });
  }

  await t.test('with no Accept-Encoding header at all (scripts, probes) the JSON is sent as it is, and says it varies', async () => {
    const res = await get(app.url, logs, {});
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(Number(res.headers['content-length']), res.bytes.length);
    assert.deepEqual(JSON.parse(res.bytes.toString('utf8')), JSON.parse(identity));
  });

  await t.test('HEAD says what GET would send compressed, and sends no body', async () => {
    const [head, full] = await Promise.all([get(app.url, logs, { 'accept-encoding': 'gzip' }, 'HEAD'), get(app.url, logs, { 'accept-encoding': 'gzip' })]);
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'gzip');
    assert.equal(head.headers['content-length'], full.headers['content-length']);
    assert.equal(head.bytes.length, 0);
  });

  await t.test('a vary the reply already has is kept, and Accept-Encoding is named in it once', () => {
    const json = 'application/json; charset=utf-8';
    const cases: [vary: string | undefined, expected: string][] = [
      [undefined, 'Accept-Encoding'],
      ['Origin', 'Origin, Accept-Encoding'],
      ['Accept-Encoding', 'Accept-Encoding'],
      ['origin, accept-encoding', 'origin, accept-encoding'],
    ];
    for (const [vary, expected] of cases) {
      const headers: Record<string, string> = { 'content-type': json, ...(vary ? { vary } : {}) };
      assert.equal(jsonEncoding(undefined, headers, MIN_COMPRESS_BYTES), undefined);
      assert.equal(headers.vary, expected, String(vary));
    }
  });

  await t.test(`a reply under ${MIN_COMPRESS_BYTES} B is not compressed`, async () => {
    const res = await get(app.url, `/api/logs?guild_id=${GUILD}&limit=1`, { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 200);
    assert.ok(res.bytes.length < MIN_COMPRESS_BYTES);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(JSON.parse(res.bytes.toString('utf8')).items.length, 1);
  });

  await t.test('a body that is not JSON (the metrics) is left alone', async () => {
    const res = await get(app.url, '/metrics', { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.match(res.bytes.toString('utf8'), /# HELP/);
  });

  await t.test('fetch, which sends Accept-Encoding itself, reads compressed replies transparently', async () => {
    const res = await app.request('GET', logs);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-encoding') ?? '', /^(br|gzip)$/);
    assert.equal(res.body.items.length, 100);
  });
});
