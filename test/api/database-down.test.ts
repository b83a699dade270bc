// The database going away while Concord runs: 503s, no crash, and back to normal when it returns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';

test('a database outage gives 503s, then the API recovers', async (t) => {
  const db = await createTestDatabase(t);
  const target = new URL(db.url);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  t.after(() => proxy.close());
  const proxied = new URL(db.url);
  proxied.host = `127.0.0.1:${proxy.port}`;
  const { request } = await startTestApp(t, { db: { ...db, url: proxied.toString() } });

  assert.equal((await request('GET', '/health')).status, 200);
  assert.equal((await request('GET', '/api/data')).status, 200);

  await proxy.cut();
  const health = await request('GET', '/health');
  assert.equal(health.status, 503);
  assert.equal(health.body.checks.database.status, 'failing');
  const api = await request('GET', '/api/data');
  assert.equal(api.status, 503);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  assert.equal(api.body.code, 'DATABASE_UNAVAILABLE');
  assert.equal(api.headers.get('retry-after'), '5');

  await proxy.restore();
  // The pool answers with its last failure until its next try, at most a second after the last one.
  await eventually(async () => assert.equal((await request('GET', '/health')).status, 200), 5_000, 50);
  assert.equal((await request('GET', '/api/data')).status, 200);
});
