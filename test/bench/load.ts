// A small HTTP/1.1 load generator over raw keep-alive sockets: `connections` clients, each sending one
// request and waiting for its answer, for `seconds`. Raw sockets keep the client's own cost low and
// equal for every server measured (node:http's client would cost more than some servers it measures).
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Answers whose status was not `expectStatus`. */
  unexpected: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections?: number;
  seconds?: number;
  expectStatus?: number;
}

/** Fires GETs at `url` for `seconds` and counts the answers. */
export async function load({ url, headers = {}, connections = 32, seconds = 3, expectStatus = 200 }: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  const head = Object.entries({ host: target.host, ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const request = Buffer.from(`GET ${target.pathname}${target.search} HTTP/1.1\r\n${head}\r\n`);
  let requests = 0;
  let unexpected = 0;
  let running = true;
  const sockets: Socket[] = [];
  const started = performance.now();
  const clients = Array.from({ length: connections }, () => {
    const socket = connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    sockets.push(socket);
    return new Promise<void>((resolve, reject) => {
      let buffered: Buffer = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.on('connect', () => socket.write(request));
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        for (;;) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) return;
          const header = buffered.subarray(0, end).toString('latin1');
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(header);
          if (!length) {
            reject(new Error(`${url}: an answer without content-length (chunked answers are not counted):\n${header}`));
            socket.destroy();
            return;
          }
          const total = end + 4 + Number(length[1]);
          if (buffered.length < total) return;
          buffered = buffered.subarray(total);
          requests++;
          if (Number(header.slice(9, 12)) !== expectStatus) unexpected++;
          if (running) socket.write(request);
          else socket.end();
        }
      });
    });
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  running = false;
  const elapsed = (performance.now() - started) / 1_000;
  const counted = requests;
  await Promise.race([Promise.all(clients), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  for (const socket of sockets) socket.destroy();
  return { requests: counted, seconds: elapsed, perSecond: counted / elapsed, unexpected };
}
