// REQUEST_TIMEOUT_MS: a 503 is an answer a client can trust. A read is cut off at the deadline; a
// write is told through ctx.signal and answered when it settles, so no 503 goes out while it works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Router } from '../../../src/platform/http/router.ts';
import { createHttpServer } from '../../../src/platform/http/server.ts';
import { createLogger } from '../../../src/platform/log.ts';

test('the request timeout', async (t) => {
  const done: string[] = [];
  const router = new Router();
  router.get('/slow-read', async () => {
    await sleep(2_000);
    done.push('slow-read');
    return { body: { read: true } };
  });
  router.post('/slow-write', async () => {
    await sleep(300);
    done.push('slow-write');
    return { status: 201, body: { written: true } };
  });
  router.post('/careful-write', async (ctx) => {
    for (let step = 0; step < 40; step++) {
      ctx.signal.throwIfAborted();
      await sleep(10);
    }
    done.push('careful-write');
    return { status: 201 };
  });
  router.post('/late-look', async (ctx) => {
    // The signal is made when first asked for: asked after the deadline, it is already aborted.
    await sleep(250);
    if (ctx.signal.aborted) return { status: 503, body: { code: 'SEEN_ABORTED' } };
    done.push('late-look');
    return { status: 201 };
  });
  const http = createHttpServer({ router, log: createLogger('silent'), bodyLimit: 1_024, requestTimeoutMs: 100 });
  const { port } = await http.listen(0, '127.0.0.1');
  t.after(() => http.close());
  const call = async (method: string, path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
    const body = (await res.json().catch(() => null)) as { code?: string; written?: boolean } | null;
    return { status: res.status, body };
  };

  await t.test('a signal first asked for after the deadline is already aborted', async () => {
    const res = await call('POST', '/late-look');
    assert.equal(res.status, 503);
    assert.equal(res.body?.code, 'SEEN_ABORTED');
    assert.ok(!done.includes('late-look'));
  });

  await t.test('a read answers 503 at the deadline', async () => {
    const res = await call('GET', '/slow-read');
    assert.equal(res.status, 503);
    assert.equal(res.body?.code, 'REQUEST_TIMEOUT');
    assert.ok(!done.includes('slow-read'), 'answered before the handler finished');
  });

  await t.test('a write that heeds the signal stops and answers 503', async () => {
    const res = await call('POST', '/careful-write');
    assert.equal(res.status, 503);
    assert.equal(res.body?.code, 'REQUEST_TIMEOUT');
    assert.ok(!done.includes('careful-write'));
  });

  await t.test('a write that finishes past the deadline answers with what it did, not a 503', async () => {
    const res = await call('POST', '/slow-write');
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, { written: true });
    assert.ok(done.includes('slow-write'));
  });
});
