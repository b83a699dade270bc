// Baseline: bare node:http answering GET /health/live as Concord does (JSON, no-store). With
// FEATURES=1 it also does what Concord must for every answer, and no more: a request id (the
// client's when valid, else a UUID) in x-request-id, the nosniff header, and a request counter and
// a duration histogram in prom-client, children looked up once as Concord does: the floor for
// Concord's /health/live with the features the issue says stay.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';

const features = process.env.FEATURES === '1';
const registry = new Registry();
const requests = new Counter({ name: 'http_requests_total', help: 'requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
const seconds = new Histogram({ name: 'http_request_duration_seconds', help: 'duration', labelNames: ['route'], registers: [registry] });
const counted = requests.labels({ method: 'GET', route: '/health/live', status: 200 });
const timed = seconds.labels({ route: '/health/live' });
const REQUEST_ID = /^[\w.:-]{1,128}$/;

const server = createServer((req, res) => {
  const started = features ? performance.now() : 0;
  if (req.method === 'GET' && req.url === '/health/live') {
    const body = JSON.stringify({ status: 'ok' });
    const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' };
    if (features) {
      const given = req.headers['x-request-id'];
      headers['x-request-id'] = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      headers['x-content-type-options'] = 'nosniff';
    }
    res.writeHead(200, headers);
    res.end(body);
    if (features) {
      counted.inc();
      timed.observe((performance.now() - started) / 1_000);
    }
    return;
  }
  res.writeHead(404, { 'content-length': 0 });
  res.end();
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, msg: 'API listening' })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
