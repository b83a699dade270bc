// A stopping server waits for requests in flight, but not for ever: a response that never ends (a
// stream nobody closes, a stalled client) is cut after the grace period.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { Router } from '../../../src/platform/http/router.ts';
import { CLOSE_GRACE_MS, createHttpServer } from '../../../src/platform/http/server.ts';
import { createLogger } from '../../../src/platform/log.ts';

test('close() cuts a response that never ends after the grace period, and lets a short one finish', async () => {
  const router = new Router();
  router.add('GET', '/forever', () => {
    // A comment first, as an event stream sends, so the headers go out; then nothing, for ever.
    const body = new Readable({ read() {} });
    body.push(': open\n\n');
    return { status: 200, headers: { 'content-type': 'text/event-stream' }, body };
  });
  router.add('GET', '/slow', () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: { done: true } }), 300)));
  const http = createHttpServer({ router, log: createLogger('silent'), bodyLimit: 1_024, requestTimeoutMs: 60_000 });
  const { port } = await http.listen(0, '127.0.0.1');
  const open = (path: string) =>
    new Promise<{ status: number | undefined; ended: Promise<string> }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        const ended = new Promise<string>((done) => res.on('close', () => done(text)));
        resolve({ status: res.statusCode, ended });
      })
        .on('error', reject)
        .end();
    });
  const forever = await open('/forever');
  assert.equal(forever.status, 200);
  const slow = open('/slow');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await http.close();
  const took = Date.now() - started;
  assert.ok(took >= CLOSE_GRACE_MS - 100 && took < CLOSE_GRACE_MS + 2_000, `closed after ${took} ms`);
  await forever.ended;
  assert.equal(await (await slow).ended, '{"done":true}', 'the short request in flight was answered');
});
