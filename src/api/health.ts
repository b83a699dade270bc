// GET /health: is the service able to serve? Checks the database; no credentials.
import * as v from 'valibot';
import type { Sql } from '../db/connect.ts';
import { pingDatabase } from '../db/health.ts';
import type { ApiRoute } from './route.ts';

const Check = v.object({ status: v.picklist(['ok', 'failing']), latency_ms: v.number(), error: v.optional(v.string()) });
const Health = v.object({ status: v.picklist(['ok', 'failing']), checks: v.record(v.string(), Check) });

export function healthRoutes(sql: Sql): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/health',
      summary: 'Service health with a database check',
      tag: 'health',
      isPublic: true,
      responses: { 200: { description: 'healthy', schema: Health }, 503: { description: 'a check is failing', schema: Health } },
      async handler() {
        const started = performance.now();
        let database: v.InferOutput<typeof Check>;
        try {
          await pingDatabase(sql, 2_000);
          database = { status: 'ok', latency_ms: Math.round(performance.now() - started) };
        } catch (error) {
          database = { status: 'failing', latency_ms: Math.round(performance.now() - started), error: (error as Error).message };
        }
        const ok = database.status === 'ok';
        return {
          status: ok ? 200 : 503,
          headers: { 'cache-control': 'no-store' },
          body: { status: ok ? 'ok' : 'failing', checks: { database } },
        };
      },
    },
  ];
}
