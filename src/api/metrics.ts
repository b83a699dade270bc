// GET /metrics: the Prometheus text format, behind METRICS_TOKEN when it is set.
import { requireBearer } from '../http/auth.ts';
import type { Handler } from '../http/router.ts';
import type { Metrics } from '../metrics/registry.ts';

/** The handler both the API and a bot-only process serve at /metrics. */
export function metricsHandler(metrics: Metrics, token: string | undefined): Handler {
  return async (ctx) => {
    if (token) requireBearer(ctx.headers, token);
    return {
      headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
      body: await metrics.registry.metrics(),
    };
  };
}
