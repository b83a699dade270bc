// GET /metrics: the Prometheus text format, behind METRICS_TOKEN when it is set.

import { requireBearer } from '../http/auth.ts';
import type { AuthFailureGuard } from '../http/auth-failures.ts';
import type { Handler } from '../http/router.ts';
import type { Metrics } from './registry.ts';

/** The handler both the API and a bot-only process serve at /metrics; `failures` limits token guessing. */
export function metricsHandler(metrics: Metrics, token: string | undefined, failures?: AuthFailureGuard): Handler {
  return async (ctx) => {
    if (token) {
      failures?.check(ctx);
      try {
        requireBearer(ctx.headers, token);
      } catch (error) {
        failures?.failed(ctx);
        throw error;
      }
    }
    return {
      headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
      body: await metrics.registry.metrics(),
    };
  };
}
