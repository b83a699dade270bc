// The HTTP server: request ids, access log, timeouts, and the one place that renders errors.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { DatabaseFault, databaseOutage } from '../db/pg-errors.ts';
import { AppError } from '../errors/app-error.ts';
import { type Logger, unredactedLogger } from '../log.ts';
import { readJsonBody } from './body.ts';
import { compressJson, jsonEncoding } from './compression.ts';
import { textProblem } from './json-guard.ts';
import { HttpError, httpErrorOf, toProblem } from './problem.ts';
import { JSON_CONTENT_TYPE, type Reply, type RequestContext, type Router } from './router.ts';

export interface HttpOptions {
  router: Router;
  log: Logger;
  bodyLimit: number;
  requestTimeoutMs: number;
  /** Slow clients: see `CONNECTION_DEFAULTS`. */
  connections?: Partial<ConnectionLimits>;
  /** Told about unexpected errors after they are logged (error tracking hooks in here). */
  onUnexpectedError?: (error: unknown, ctx: { requestId: string; route: string }) => void;
  /** Whether 2xx answers to `/health…` go to the access log too: orchestrators probe every few seconds. */
  logProbes?: boolean;
  /** Told about every finished response (metrics hook in here). */
  onResponse?: (info: { method: string; route: string; status: number; seconds: number }) => void;
}

/** How long a client may take to send its request, and how many connections may be open at once. */
export interface ConnectionLimits {
  /** From connect to the end of the headers. */
  headersTimeoutMs: number;
  /** From connect to the end of the body. */
  bodyTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections past this are closed as soon as they open. */
  maxConnections: number;
}

export const CONNECTION_DEFAULTS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

/** How long a stopping server waits for requests in flight before it closes their connections. */
export const CLOSE_GRACE_MS = 5_000;

export interface HttpServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

export function createHttpServer(options: HttpOptions): HttpServer {
  const limits = { ...CONNECTION_DEFAULTS, ...options.connections };
  const accessLog = unredactedLogger(options.log);
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.bodyTimeoutMs, limits.headersTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node looks for timed-out requests only this often (30 s by default, which let a slow-header
      // client hold its connection for ~50 s); check at least four times per headers timeout.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      void handle(options, accessLog, req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
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
        // Requests in flight get a grace period; then every connection is cut, so that a client that
        // never finishes (a stream, a stalled browser) cannot hold a stopping process for ever.
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

async function handle(options: HttpOptions, accessLog: Logger, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  const url = parseTarget(req.url ?? '/');
  const done = new Finish(options, accessLog, req, res, requestId, url.pathname, started);
  try {
    const match = options.router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw new HttpError(404, 'NOT_FOUND', `no route for ${url.pathname}`);
    if (match.kind === 'wrong-method') {
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`, {
        headers: { allow: match.allowed.join(', ') },
      });
    }
    done.route = match.pattern;
    refuseUnstorableText(url.searchParams, match.params);
    const ctx = new Context(req, url.pathname, url.searchParams, match.params, requestId, options.bodyLimit);
    const answer = match.handler(ctx);
    // A handler that answers at once (health, metadata) has no deadline to keep.
    let reply: Reply;
    if (answer instanceof Promise) {
      const isRead = ctx.method === 'GET' || ctx.method === 'HEAD';
      reply = await withTimeout(answer, options.requestTimeoutMs, ctx.deadline(), isRead);
    } else {
      reply = answer;
    }
    // Awaited only when compressing: an await of nothing still costs a turn of the microtask queue.
    const sending = send(res, req, reply, requestId, done);
    if (sending) await sending;
  } catch (error) {
    const route = done.route;
    // The data layer has classified the database's refusals already; an outage is met outside it too.
    const expected = error instanceof AppError ? error : databaseOutage(error);
    if (expected instanceof DatabaseFault && expected.kind !== 'unavailable') {
      // The client's fault, so a 4xx; but the edge should have caught it: say which query let it through.
      options.log.warn({ req_id: requestId, route, sqlstate: expected.sqlstate, query: expected.query }, 'the database refused a value that validation let through');
    }
    const problem = error instanceof HttpError ? error : expected ? httpErrorOf(expected, req.method ?? 'GET') : internalError(error, requestId);
    // What we threw on purpose is expected; what we only classified (an outage) is still reported.
    if (problem.status >= 500 && !(error instanceof HttpError || error instanceof AppError)) {
      options.log.error({ err: error, req_id: requestId, route }, 'unexpected error in HTTP handler');
      options.onUnexpectedError?.(error, { requestId, route });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string | string[]> = { ...defaultHeaders(requestId), ...problem.headers, 'content-type': 'application/problem+json' };
    // An unread body would otherwise be parsed as the next request on a keep-alive connection.
    if (!req.complete) headers.connection = 'close';
    res.writeHead(problem.status, headers);
    res.end(JSON.stringify(toProblem(problem, url.pathname, requestId)));
    done.log();
  }
}

/** Headers every answer carries; a reply's own headers (the dashboard's caching) override them.
 *  Passed to `writeHead` whole: a `setHeader` before it sends Node down its slow merging path. */
function defaultHeaders(requestId: string): Record<string, string> {
  return { 'x-request-id': requestId, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
}

/**
 * What a handler sees of its request. A class, not an object literal with a getter closure: the
 * literal went to dictionary mode and kept each request's objects alive past the young generation.
 */
class Context implements RequestContext {
  readonly method: string;
  readonly raw: IncomingMessage;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Record<string, string>;
  readonly requestId: string;
  readonly #bodyLimit: number;
  #deadline: Deadline | undefined = undefined;

  constructor(req: IncomingMessage, path: string, query: URLSearchParams, params: Record<string, string>, requestId: string, bodyLimit: number) {
    this.method = req.method ?? 'GET';
    this.raw = req;
    this.path = path;
    this.query = query;
    this.params = params;
    this.requestId = requestId;
    this.#bodyLimit = bodyLimit;
  }

  get headers(): IncomingHttpHeaders {
    return this.raw.headers;
  }

  /** Made only for a handler that does not answer at once, or that asks for its signal. */
  get signal(): AbortSignal {
    return this.deadline().signal;
  }

  deadline(): Deadline {
    this.#deadline ??= new Deadline();
    return this.#deadline;
  }

  body(): Promise<unknown> {
    return readJsonBody(this.raw, this.#bodyLimit);
  }
}

/** The access log line and the response hook, told once the answer is written (no `finish` listener
 *  per request: `end` is called in one place per kind of answer, and a stream tells when it ends). */
class Finish {
  route = '(none)';
  readonly #options: HttpOptions;
  readonly #accessLog: Logger;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #requestId: string;
  readonly #path: string;
  readonly #started: number;

  constructor(options: HttpOptions, accessLog: Logger, req: IncomingMessage, res: ServerResponse, requestId: string, path: string, started: number) {
    this.#options = options;
    this.#accessLog = accessLog;
    this.#req = req;
    this.#res = res;
    this.#requestId = requestId;
    this.#path = path;
    this.#started = started;
  }

  log(): void {
    const ms = performance.now() - this.#started;
    const req = this.#req;
    const res = this.#res;
    const isQuietProbe = res.statusCode < 300 && !this.#options.logProbes && this.route.startsWith('/health');
    if (!isQuietProbe) this.#accessLog.info({ req_id: this.#requestId, method: req.method, path: this.#path, route: this.route, status: res.statusCode, ms: Math.round(ms) }, 'request');
    this.#options.onResponse?.({ method: req.method ?? 'GET', route: this.route, status: res.statusCode, seconds: ms / 1_000 });
  }
}

/** Writes `reply`; a promise only when the body is compressed (a body sent as it is goes out in this tick). */
function send(res: ServerResponse, req: IncomingMessage, reply: Reply, requestId: string, done: Finish): Promise<void> | undefined {
  const status = reply.status ?? (reply.body === undefined ? 204 : 200);
  const headers: Record<string, string | string[]> = defaultHeaders(requestId);
  if (reply.headers) Object.assign(headers, reply.headers);
  if (reply.body === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    done.log();
    return undefined;
  }
  if (reply.body instanceof Readable) {
    // A stream (Server-Sent Events): sent as it comes; the client going away ends it.
    res.writeHead(status, headers);
    pipeline(reply.body, res, () => {
      if (res.writableFinished) done.log();
    });
    return undefined;
  }
  const isRaw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
  const payload = isRaw ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
  if (!isRaw) headers['content-type'] ??= JSON_CONTENT_TYPE;
  const size = Buffer.byteLength(payload);
  headers['content-length'] = String(size);
  const isHead = req.method === 'HEAD';
  const encoding = jsonEncoding(req.headers['accept-encoding'], headers, size);
  if (!encoding) {
    res.writeHead(status, headers);
    res.end(isHead ? undefined : payload);
    done.log();
    return undefined;
  }
  return compressJson(encoding, headers, payload, size).then((body) => {
    res.writeHead(status, headers);
    res.end(isHead ? undefined : body);
    done.log();
  });
}

/** A bad percent-encoding is the client's; anything else unexpected is a 500 with a short id to quote. */
function internalError(error: unknown, requestId: string): HttpError {
  if (error instanceof URIError) return new HttpError(400, 'MALFORMED_URL', 'the path is not valid percent-encoding');
  return new HttpError(500, 'INTERNAL', `something went wrong on our side (error id ${requestId.slice(0, 8)})`);
}

/** The request target's path and query. `new URL` is the reference; most targets need none of its
 *  work (dot segments, percent-encoding, a fragment, a `//host`), and it cost ~2 µs a request. */
function parseTarget(target: string): { pathname: string; searchParams: URLSearchParams } {
  const mark = target.indexOf('?');
  const pathname = mark < 0 ? target : target.slice(0, mark);
  if (!PLAIN_PATH.test(pathname) || pathname.includes('/.') || (mark >= 0 && !PLAIN_QUERY.test(target.slice(mark + 1)))) {
    return new URL(target, 'http://localhost');
  }
  return { pathname, searchParams: new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1)) };
}

/** Characters `new URL` keeps as they are in a path (`%` is left out: `%2e` is a dot segment). */
const PLAIN_PATH = /^\/(?!\/)[\w.~!$&'()*+,;=:@/-]*$/;
/** Printable ASCII without `#` (a fragment); URLSearchParams decodes the rest as URL would. */
const PLAIN_QUERY = /^[!-"$-~]*$/;

/** NUL cannot reach PostgreSQL text; a query value or path segment holding one is a 400 naming it. */
function refuseUnstorableText(query: URLSearchParams, params: Record<string, string>): void {
  for (const [key, value] of query) {
    const problem = textProblem(key) ?? textProblem(value);
    if (problem) throw unstorable('INVALID_QUERY', `query.${key}`, problem);
  }
  for (const key in params) {
    const problem = textProblem(params[key] ?? '');
    if (problem) throw unstorable('INVALID_PATH', `path.${key}`, problem);
  }
}

function unstorable(code: string, field: string, problem: string): HttpError {
  return new HttpError(400, code, `${field}: ${problem}`, { errors: [{ field, message: problem }] });
}

/**
 * At `ms`, aborts `deadline` with a 503. A read is answered with it at once. A write is answered
 * when its handler settles: it saw the abort and rolled back (the 503 goes out, nothing written),
 * or it was done first (its own reply goes out, late). So a 503 never hides a write going on.
 */
async function withTimeout<T>(work: Promise<T>, ms: number, deadline: Deadline, answerAtDeadline: boolean): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new HttpError(503, 'REQUEST_TIMEOUT', `the request took longer than ${ms} ms`);
      deadline.abort(error);
      if (answerAtDeadline) reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The request's AbortSignal, made only when a handler asks for it: most never do, and each costs ~2 µs. */
class Deadline {
  #controller: AbortController | undefined;
  #reason: unknown;
  #aborted = false;

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
