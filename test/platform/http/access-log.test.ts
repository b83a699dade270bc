// The access log: a line per answer, but not for the successful /health probes orchestrators send
// every few seconds, unless ACCESS_LOG_PROBES asks; a failing probe is always logged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '../../../src/platform/http/router.ts';
import { createHttpServer } from '../../../src/platform/http/server.ts';
import { capturedLog } from '../../support/captured-log.ts';

for (const logProbes of [false, true]) {
  test(`the access log with logProbes ${logProbes}`, async (t) => {
    const { log, lines } = capturedLog();
    const router = new Router();
    router.add('GET', '/health/live', () => ({ body: { status: 'ok' } }));
    router.add('GET', '/health/ready', () => ({ status: 503, body: { status: 'failing' } }));
    router.add('GET', '/api/thing', () => ({ body: { thing: true } }));
    const http = createHttpServer({ router, log, bodyLimit: 1_024, requestTimeoutMs: 5_000, logProbes });
    const { port } = await http.listen(0, '127.0.0.1');
    t.after(() => http.close());
    for (const path of ['/health/live', '/health/ready', '/api/thing']) await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
    const logged = lines.filter((line) => line.msg === 'request').map((line) => `${line.path} ${line.status}`);
    assert.deepEqual(logged, logProbes ? ['/health/live 200', '/health/ready 503', '/api/thing 200'] : ['/health/ready 503', '/api/thing 200']);
  });
}
