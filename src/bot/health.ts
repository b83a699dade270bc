// GET /health (and /health/ready) of a bot-only process: ready when every shard of this process is
// connected (a worker: when it reads the stream); /health/live while it answers; /metrics.

import { Router } from '../platform/http/router.ts';
import { metricsHandler } from '../platform/metrics/handler.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { Bot } from './index.ts';

export function botHealthRouter(bot: Bot, metrics?: { metrics: Metrics; token: string | undefined }): Router {
  const router = new Router();
  if (metrics) router.get('/metrics', metricsHandler(metrics.metrics, metrics.token));
  router.get('/health/live', () => ({ headers: { 'cache-control': 'no-store' }, body: { status: 'ok' } }));
  const ready = async () => {
    if (bot.readiness) {
      const { ok, checks } = await bot.readiness();
      return { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' }, body: { status: ok ? 'ok' : 'failing', checks } };
    }
    const shards = bot.discord ? await bot.discord.shardStatus() : {};
    const ok = Object.values(shards).length > 0 && Object.values(shards).every((status) => status === 'ready');
    return {
      status: ok ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
      body: { status: ok ? 'ok' : 'failing', checks: { gateway: { status: ok ? 'ok' : 'failing', shards } } },
    };
  };
  return router.get('/health/ready', ready).get('/health', ready);
}
