// Baseline: bare node:http answering GET /health/live as Concord does (JSON, no-store).
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health/live') {
    const body = JSON.stringify({ status: 'ok' });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  res.writeHead(404, { 'content-length': 0 });
  res.end();
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, msg: 'API listening' })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
