// GET /health (and /health/ready) of a bot-only process: ready when every shard of this process is
// connected (a worker: when it reads the stream); /health/live while it answers; /metrics.

import { Router } from '../platform/http/router.ts';
import { metricsHandler } from '../platform/metrics/handler.ts';
import type { Metrics } from '../platform/metrics/registry.ts';
import type { Bot } from './index.ts';

export interface BotHealthOptions {
  metrics?: { metrics: Metrics; token: string | undefined };
  /** Modules that cannot run here and why (an intent Discord refused): the process is then `degraded`. */
  unavailableModules?: () => Record<string, string>;
}

export function botHealthRouter(bot: Bot, { metrics, unavailableModules }: BotHealthOptions = {}): Router {
  const router = new Router();
  if (metrics) router.get('/metrics', metricsHandler(metrics.metrics, metrics.token));
  router.get('/health/live', () => ({ headers: { 'cache-control': 'no-store' }, body: { status: 'ok' } }));
  const ready = async () => {
    const { ok, checks } = bot.readiness ? await bot.readiness() : await shardsReady(bot);
    const unavailable = unavailableModules?.() ?? {};
    const degraded = Object.keys(unavailable).length > 0;
    return {
      status: ok ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
      body: {
        status: ok ? (degraded ? 'degraded' : 'ok') : 'failing',
        checks: { ...checks, ...(degraded ? { modules: { status: 'degraded', unavailable } } : {}) },
      },
    };
  };
  return router.get('/health/ready', ready).get('/health', ready);
}

async function shardsReady(bot: Bot): Promise<{ ok: boolean; checks: Record<string, unknown> }> {
  const shards = bot.discord ? await bot.discord.shardStatus() : {};
  const ok = Object.values(shards).length > 0 && Object.values(shards).every((status) => status === 'ready');
  return { ok, checks: { gateway: { status: ok ? 'ok' : 'failing', shards } } };
}
