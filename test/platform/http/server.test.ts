// How the HTTP layer answers what is not a happy path: every error is problem+json.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { test } from 'node:test';
import { request, startTestApp } from '../../support/app.ts';

test('HTTP edge cases', async (t) => {
  const { url, request: api } = await startTestApp(t, { env: { BODY_LIMIT_BYTES: '2048', REQUEST_TIMEOUT_MS: '5000' } });

  await t.test('no token is 401 with a WWW-Authenticate header', async () => {
    const res = await request(url, 'GET', '/api/data');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="concord"');
    assert.equal(res.body.code, 'UNAUTHORIZED');
  });

  await t.test('a wrong token is 401', async () => {
    const res = await request(url, 'GET', '/api/data', undefined, { authorization: 'Bearer wrong-token-0123456789abcdef' });
    assert.equal(res.status, 401);
  });

  await t.test('an unknown path is 404', async () => {
    const res = await api('GET', '/api/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.type, 'urn:concord:problem:not-found');
    assert.equal(res.body.instance, '/api/nothing-here');
  });

  await t.test('a request target is read as new URL reads it: dot segments, percent-escapes, a fragment', async () => {
    // Sent raw: fetch would resolve these on the client side before they reached the server.
    const raw = (target: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        get(`${url}${target}`, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
    assert.equal((await raw('/api/../health/./live')).status, 200);
    assert.equal((await raw('/api/open%61pi.json')).status, 404, 'a percent-escape stays escaped, as URL leaves it');
    assert.equal((await raw('/health/live?x=1#y')).status, 200);
    assert.deepEqual(JSON.parse((await raw('/api/nothing?a=b')).body).instance, '/api/nothing');
  });

  await t.test('a known path with the wrong method is 405 with Allow', async () => {
    const res = await api('PUT', '/api/commands');
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD, POST');
  });

  await t.test('a body that is not JSON is 415', async () => {
    const res = await api('POST', '/api/commands', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
  });

  await t.test('malformed JSON is 400', async () => {
    const res = await api('POST', '/api/commands', '{"name": ');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'MALFORMED_JSON');
  });

  await t.test('a body over the limit is 413', async () => {
    const res = await api('POST', '/api/commands', { name: 'big', response: 'x'.repeat(4000) });
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'BODY_TOO_LARGE');
  });

  await t.test('a streamed body over the limit is 413 too', async () => {
    const big = JSON.stringify({ name: 'big', response: 'x'.repeat(4000) });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await fetch(`${url}/api/commands`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' },
    } as RequestInit);
    assert.equal(res.status, 413);
  });

  await t.test('every response carries a request id, echoing a given one', async () => {
    const given = await api('GET', '/health', undefined, { 'x-request-id': 'abc-123' });
    assert.equal(given.headers.get('x-request-id'), 'abc-123');
    const made = await api('GET', '/health', undefined, { 'x-request-id': 'bad id with spaces' });
    assert.match(made.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  await t.test('a malformed percent-encoding is 400, not a crash', async () => {
    const res = await api('GET', '/api/commands/%E0%A4%A');
    assert.equal(res.status, 400);
  });

  await t.test('API answers are not cached or sniffed, errors included', async () => {
    const answers = [await api('GET', '/api/data'), await request(url, 'GET', '/api/data'), await api('GET', '/api/nothing-here'), await api('GET', '/health')];
    for (const res of answers) {
      assert.equal(res.headers.get('cache-control'), 'no-store', `${res.status}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${res.status}`);
    }
  });

  await t.test('/health needs no token and checks the database', async () => {
    const res = await request(url, 'GET', '/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    assert.equal(res.body.checks.database.status, 'ok');
  });

  await t.test('the OpenAPI document describes every route with its schemas', async () => {
    const res = await api('GET', '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const post = res.body.paths['/api/commands'].post;
    assert.deepEqual(post.requestBody.content['application/json'].schema.required, ['name', 'response']);
    assert.equal(post.requestBody.content['application/json'].schema.properties.name.pattern, '^\\s*[-_A-Za-z0-9]{1,32}\\s*$', 'a request may send "Hello"');
    assert.ok(res.body.paths['/api/commands/{id}'].patch);
    const logParams = res.body.paths['/api/logs'].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(logParams, ['guild_id', 'user_id', 'command', 'status', 'since', 'until', 'after_id', 'limit', 'cursor']);
    assert.ok(res.body.paths['/api/me'].get, 'the dashboard uses only documented routes');
  });
});
