// The HTTP server: request ids, access log, timeouts, and the one place that renders errors.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isConnectionError } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { readJsonBody } from './body.ts';
import { compressJson } from './compression.ts';
import { HttpError, toProblem } from './problem.ts';
import type { Reply, RequestContext, Router } from './router.ts';

export interface HttpOptions {
  router: Router;
  log: Logger;
  bodyLimit: number;
  requestTimeoutMs: number;
  /** Told about unexpected errors after they are logged (error tracking hooks in here). */
  onUnexpectedError?: (error: unknown, ctx: { requestId: string; route: string }) => void;
  /** Told about every finished response (metrics hook in here). */
  onResponse?: (info: { method: string; route: string; status: number; seconds: number }) => void;
}

export interface HttpServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

export function createHttpServer(options: HttpOptions): HttpServer {
  const server = createServer((req, res) => {
    void handle(options, req, res);
  });
  server.requestTimeout = options.requestTimeoutMs + 5_000;
  server.headersTimeout = Math.min(60_000, server.requestTimeout);
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

async function handle(options: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', requestId);
  const url = new URL(req.url ?? '/', 'http://localhost');
  let route = '(none)';
  res.on('finish', () => {
    const ms = performance.now() - started;
    options.log.info({ req_id: requestId, method: req.method, path: url.pathname, route, status: res.statusCode, ms: Math.round(ms) }, 'request');
    options.onResponse?.({ method: req.method ?? 'GET', route, status: res.statusCode, seconds: ms / 1_000 });
  });
  try {
    const match = options.router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw new HttpError(404, 'NOT_FOUND', `no route for ${url.pathname}`);
    if (match.kind === 'wrong-method') {
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`, {
        headers: { allow: match.allowed.join(', ') },
      });
    }
    route = match.pattern;
    const ctx: RequestContext = {
      method: req.method ?? 'GET',
      path: url.pathname,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      requestId,
      body: () => readJsonBody(req, options.bodyLimit),
      raw: req,
    };
    const reply = await withTimeout(Promise.resolve(match.handler(ctx)), options.requestTimeoutMs);
    await send(res, req, reply);
  } catch (error) {
    const problem = asHttpError(error, requestId);
    if (problem.status >= 500 && !(error instanceof HttpError)) {
      options.log.error({ err: error, req_id: requestId, route }, 'unexpected error in HTTP handler');
      options.onUnexpectedError?.(error, { requestId, route });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // An unread body would otherwise be parsed as the next request on a keep-alive connection.
    if (!req.complete) res.setHeader('connection', 'close');
    res.writeHead(problem.status, { ...problem.headers, 'content-type': 'application/problem+json' });
    res.end(JSON.stringify(toProblem(problem, url.pathname, requestId)));
  }
}

async function send(res: ServerResponse, req: IncomingMessage, reply: Reply): Promise<void> {
  const status = reply.status ?? (reply.body === undefined ? 204 : 200);
  const headers = { ...reply.headers };
  if (reply.body === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const isRaw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
  const payload = isRaw ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
  if (!isRaw) headers['content-type'] ??= 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  const body = await compressJson(req.headers['accept-encoding'], headers, payload);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function asHttpError(error: unknown, requestId: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof URIError) return new HttpError(400, 'MALFORMED_URL', 'the path is not valid percent-encoding');
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505') {
    return new HttpError(409, 'CONFLICT', 'that would duplicate an existing record');
  }
  if (isConnectionError(error)) {
    return new HttpError(503, 'DATABASE_UNAVAILABLE', 'the database is not reachable; try again shortly', {
      headers: { 'retry-after': '5' },
    });
  }
  return new HttpError(500, 'INTERNAL', `something went wrong on our side (error id ${requestId.slice(0, 8)})`);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(503, 'REQUEST_TIMEOUT', `the request took longer than ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
