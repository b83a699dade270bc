// GET /health: is the service able to serve? Checks the database, the gateway shards of this
// process and Redis; /health/live and /health/ready for orchestrators. No credentials.
import * as v from 'valibot';
import { type ApiRoute, publicRoute } from '../module-kit/api-route.ts';
import type { Sql } from '../platform/db/connect.ts';
import { pingDatabase } from '../platform/db/health.ts';
import { Integer } from '../platform/http/pagination.ts';

const Check = v.object({
  /** `degraded`: serving, with some part off (a module whose intent Discord refused). */
  status: v.picklist(['ok', 'degraded', 'failing']),
  latency_ms: Integer,
  error: v.optional(v.string()),
  shards: v.optional(v.record(v.string(), v.string())),
  /** Modules that cannot run in this process, each with why. */
  unavailable: v.optional(v.record(v.string(), v.string())),
});
const Health = v.object({ status: v.picklist(['ok', 'degraded', 'failing']), checks: v.record(v.string(), Check) });

/** What else a process can check: Redis when it uses it, the gateway when the bot runs here. */
export interface HealthProbes {
  redis?: (timeoutMs: number) => Promise<void>;
  shards?: () => Promise<Record<number, string>> | undefined;
  /** Modules that cannot run here (by name, why). */
  unavailableModules?: () => Record<string, string>;
}

export function healthRoutes(sql: Sql, probes: HealthProbes = {}): ApiRoute[] {
  const checkAll = async () => {
    const [database, redis, gateway] = await Promise.all([
      timed(() => pingDatabase(sql, 2_000)),
      probes.redis ? timed(async () => probes.redis?.(1_000)) : undefined,
      probes.shards ? checkGateway(probes.shards) : undefined,
    ]);
    // Redis failing degrades (the database answers instead), so it does not make the process unready.
    const ok = database.status === 'ok' && gateway?.status !== 'failing';
    // A module off for want of an intent degrades the service; the rest serves, so it stays ready.
    const unavailable = probes.unavailableModules?.() ?? {};
    const modules = Object.keys(unavailable).length > 0 ? { status: 'degraded' as const, latency_ms: 0, unavailable } : undefined;
    return {
      status: ok ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
      body: { status: ok ? (modules ? 'degraded' : 'ok') : 'failing', checks: { database, ...(redis ? { redis } : {}), ...(gateway ? { gateway } : {}), ...(modules ? { modules } : {}) } },
    };
  };
  return [
    publicRoute({
      method: 'GET',
      path: '/health/live',
      operationId: 'checkLiveness',
      summary: 'Liveness: the process answers (restart it when this fails)',
      tag: 'health',
      responses: { 200: { description: 'alive', schema: v.object({ status: v.literal('ok') }) } },
      handler: () => ({ headers: { 'cache-control': 'no-store' }, body: { status: 'ok' } }),
    }),
    publicRoute({
      method: 'GET',
      path: '/health/ready',
      operationId: 'checkReadiness',
      summary: 'Readiness: the database answers and every gateway shard of this process is connected',
      tag: 'health',
      responses: { 200: { description: 'ready', schema: Health }, 503: { description: 'not ready', schema: Health } },
      handler: checkAll,
    }),
    publicRoute({
      method: 'GET',
      path: '/health',
      operationId: 'checkHealth',
      summary: 'Service health: database, gateway shards and Redis',
      tag: 'health',
      responses: { 200: { description: 'healthy', schema: Health }, 503: { description: 'a check is failing', schema: Health } },
      handler: checkAll,
    }),
  ];
}

type CheckResult = v.InferOutput<typeof Check>;

async function timed(probe: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await probe();
    return { status: 'ok', latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'failing', latency_ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** Ok when every shard of this process is connected; absent when the bot is off. */
async function checkGateway(read: () => Promise<Record<number, string>> | undefined): Promise<CheckResult | undefined> {
  const started = performance.now();
  const shards = await read();
  if (!shards) return undefined;
  const ok = Object.keys(shards).length > 0 && Object.values(shards).every((status) => status === 'ready');
  return { status: ok ? 'ok' : 'failing', latency_ms: Math.round(performance.now() - started), shards };
}
