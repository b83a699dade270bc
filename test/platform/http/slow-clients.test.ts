// Slow clients cannot hold connections: real sockets that dribble their headers or body are cut
// off at the configured timeouts, idle keep-alive connections close, and past the connection cap a
// new connection is closed at once.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { startTestApp, TEST_TOKEN } from '../../support/app.ts';

interface OpenSocket {
  socket: Socket;
  /** Resolves when the server closes the connection: after how many ms, and what it sent. */
  closed: Promise<{ ms: number; received: string }>;
}

function open(url: string): Promise<OpenSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const started = performance.now();
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    const closed = new Promise<{ ms: number; received: string }>((done) => {
      socket.on('close', () => done({ ms: performance.now() - started, received }));
    });
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `chunks` one every `everyMs` until the socket closes. */
function dribble(socket: Socket, chunks: () => string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(chunks());
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

test('slow clients are cut off', async (t) => {
  const { url } = await startTestApp(t, {
    env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_BODY_TIMEOUT_MS: '2000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '500', HTTP_MAX_CONNECTIONS: '5' },
  });

  await t.test('past HTTP_MAX_CONNECTIONS a new connection is closed at once', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => open(url)));
    const extra = await open(url);
    const { ms, received } = await extra.closed;
    assert.ok(ms < 800, `closed after ${Math.round(ms)} ms, before any timeout`);
    assert.equal(received, '', 'without an answer');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    // Room again: the server answers a new connection.
    const fresh = await open(url);
    fresh.socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.match((await fresh.closed).received, /^HTTP\/1\.1 200/);
  });

  await t.test('headers sent a line at a time are cut off at HTTP_HEADERS_TIMEOUT_MS', async () => {
    const { socket, closed } = await open(url);
    socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n');
    let n = 0;
    dribble(socket, () => `X-Slow-${n++}: 1\r\n`, 100);
    const { ms, received } = await closed;
    assert.ok(ms >= 900 && ms < 2_500, `closed after ${Math.round(ms)} ms`);
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  await t.test('a body sent a byte at a time is cut off at HTTP_BODY_TIMEOUT_MS', async () => {
    const { socket, closed } = await open(url);
    socket.write(
      `POST /api/logs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n`,
    );
    dribble(socket, () => ' ', 100);
    const { ms, received } = await closed;
    assert.ok(ms >= 1_900 && ms < 3_500, `closed after ${Math.round(ms)} ms`);
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  await t.test('an idle keep-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
    const { socket, closed } = await open(url);
    socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const { ms, received } = await closed;
    assert.match(received, /^HTTP\/1\.1 200/);
    assert.ok(ms >= 400 && ms < 2_000, `closed after ${Math.round(ms)} ms`);
  });
});
