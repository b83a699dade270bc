// `bin/app rest-proxy`: one REST budget for every process of the bot. Each process points
// DISCORD_API_URL here; this one process holds @discordjs/rest's queues, so together they keep to
// Discord's global limit (DISCORD_GLOBAL_RATE_LIMIT a second) and its per-route buckets, and a 429
// is waited out here, never passed on. It forwards each caller's own Authorization header.
// https://github.com/discordjs/discord.js/tree/main/packages/proxy
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';
import type { Config } from '../config.ts';
import type { Logger } from '../platform/log.ts';
import { warnIfMetricsOpen } from '../platform/metrics/exposure.ts';
import { createMetrics } from '../platform/metrics/registry.ts';
import { GlobalPacer, isGloballyLimited } from './global-pacer.ts';

export interface RestProxy {
  url: string;
  stop(): Promise<void>;
}

/** Starts the proxy on HOST:PORT, forwarding to DISCORD_API_URL (Discord itself, normally). */
export async function startRestProxy(config: Config, log: Logger): Promise<RestProxy> {
  const metrics = createMetrics();
  // No token: the proxy sends each request with the caller's header (`auth: false` in @discordjs/proxy).
  const rest = new REST({ api: config.DISCORD_API_URL, version: '10', globalRequestsPerSecond: config.DISCORD_GLOBAL_RATE_LIMIT });
  rest.on('rateLimited', (info) => {
    metrics.restRateLimits.inc({ global: String(info.global) });
    log.debug({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'waiting for a Discord rate limit');
  });
  rest.on('response', (request, response) => metrics.restRequests.inc({ method: request.method, status: response.status }));
  const forward = proxyRequests(rest);
  const pacer = new GlobalPacer(config.DISCORD_GLOBAL_RATE_LIMIT);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' || path === '/health/live' || path === '/health/ready') return reply(res, 200, { status: 'ok' });
    if (path === '/metrics') {
      if (config.METRICS_TOKEN && req.headers.authorization !== `Bearer ${config.METRICS_TOKEN}`) return reply(res, 401, { title: 'Unauthorized', status: 401 });
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
        res.end(text);
      });
      return;
    }
    const paced = isGloballyLimited(path ?? '/') ? pacer.take() : Promise.resolve(() => {});
    paced
      .then(async (done) => {
        try {
          await forward(req, res);
        } finally {
          done();
        }
      })
      .catch((error: unknown) => {
        // A network failure towards Discord: the caller's @discordjs/rest retries a 502 like Discord's own.
        log.warn({ err: error, method: req.method }, 'could not forward a request to Discord');
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '502: Bad Gateway', code: 0 }));
      });
  });
  server.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  log.info({ url, upstream: config.DISCORD_API_URL, globalRateLimit: config.DISCORD_GLOBAL_RATE_LIMIT }, 'REST proxy listening');
  warnIfMetricsOpen(config, log);
  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      rest.clearHandlerSweeper();
      rest.clearHashSweeper();
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
