// Puts an HTTP server of ours on the configured address, with the configured slow-client limits.
import type { Config } from '../../config.ts';
import type { ConnectionLimits, HttpServer } from './server.ts';

/** Listens on PORT/HOST, stops with the process (`onStop`), and returns the URL to reach it on. */
export async function serveHttp(http: HttpServer, config: Config, onStop: (stop: () => Promise<void>) => void): Promise<string> {
  const address = await http.listen(config.PORT, config.HOST);
  onStop(() => http.close());
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
}

/** The HTTP server's slow-client limits, from the config. */
export function connectionLimits(config: Config): ConnectionLimits {
  return {
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: config.HTTP_BODY_TIMEOUT_MS,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: config.HTTP_MAX_CONNECTIONS,
  };
}
