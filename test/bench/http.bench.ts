// The API's speed against baselines doing the same work, side by side in one run on loopback:
// GET /health/live (bare node:http, Fastify) and GET /api/commands?guild_id= with a bearer token and
// 20 rows (Fastify + postgres.js, prepared), Fastify with and without an access log like Concord's. Each server runs in its own process; the load comes from
// this one (raw keep-alive sockets, see load.ts). Concord runs at LOG_LEVEL=info (an access log line
// per request, as deployed) and once at warn, to show what the access log costs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { load } from './load.ts';
import { freePort, medianRatio, processUsage, ROOT, type Running, runBundle, runNode } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const GUILD = '100000000000000001';
const BASELINES = join(ROOT, 'test/bench/baselines');

export interface HttpBenchOptions {
  /** Rounds of every contender in turn: the best round of each is its figure, the median of the rounds' ratios the ratio. */
  rounds?: number;
  seconds?: number;
  connections?: number;
}

export async function benchHttp(databaseUrl: string | undefined, { rounds = Number(process.env.BENCH_ROUNDS ?? 5), seconds = 3, connections = 16 }: HttpBenchOptions = {}) {
  // The baseline is another process: without DATABASE_URL, the embedded server listens on TCP for both.
  const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'concord-bench-pg-'));
  const embedded = dataDir ? await startEmbeddedPostgres({ dataDir, tcpPort: await freePort(), throwaway: true }) : undefined;
  const url = databaseUrl ?? embedded?.url ?? '';
  const env = { DATABASE_URL: url, API_TOKEN: TOKEN };
  const running: Running[] = [];
  const pids = new Map<string, number>();
  const start = async (what: Promise<Running>) => {
    const it = await what;
    running.push(it);
    pids.set(it.url, it.child.pid ?? 0);
    return it.url;
  };
  try {
    // Concord first: it applies the migrations the others read.
    const concord = await start(runBundle('api', { ...env, LOG_LEVEL: 'info' }));
    const concordQuiet = await start(runBundle('api', { ...env, LOG_LEVEL: 'warn' }));
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql`delete from custom_commands where guild_id = ${GUILD}`;
      for (let i = 0; i < 20; i++) {
        await sql`insert into custom_commands (guild_id, name, response, description) values (${GUILD}, ${`cmd${i}`}, ${`Hello {user}, this is response ${i}`}, ${`command number ${i}`})`;
      }
    } finally {
      await sql.end();
    }
    // BENCH_BEFORE=<an older dist/app.mjs>: that build runs beside this one, for before/after figures in one run.
    const before = process.env.BENCH_BEFORE ? await start(runNode([process.env.BENCH_BEFORE, 'api'], { ...env, LOG_LEVEL: 'info' })) : undefined;
    const bare = await start(runNode([join(BASELINES, 'bare-http.mjs')], env));
    const bareFeatures = await start(runNode([join(BASELINES, 'bare-http.mjs')], { ...env, FEATURES: '1' }));
    const fastify = await start(runNode([join(BASELINES, 'fastify-postgres.mjs')], env));
    const fastifyLogged = await start(runNode([join(BASELINES, 'fastify-postgres.mjs')], { ...env, ACCESS_LOG: '1' }));

    const bearer = { authorization: `Bearer ${TOKEN}` };
    const list = `/api/commands?guild_id=${GUILD}`;
    const earlier: Record<string, string> = before ? { 'Concord before (info)': before } : {};
    const cases = {
      live: { 'Concord (info)': concord, ...earlier, 'Concord (warn: no access log)': concordQuiet, 'bare node:http': bare, 'bare node:http with the features': bareFeatures, Fastify: fastify, 'Fastify with access log': fastifyLogged },
      list: { 'Concord (info)': concord, ...earlier, 'Concord (warn: no access log)': concordQuiet, 'Fastify + postgres.js': fastify, 'Fastify + postgres.js with access log': fastifyLogged },
    };
    // Check each answers as expected before timing it.
    for (const base of Object.values(cases.list)) {
      const answer = await fetch(`${base}${list}`, { headers: bearer });
      const body = (await answer.json()) as { items?: unknown[] };
      if (answer.status !== 200 || body.items?.length !== 20) throw new Error(`${base}${list}: ${answer.status}, ${body.items?.length} items`);
    }
    const best: Record<string, number> = {};
    const cpu: Record<string, number> = {};
    const byRound: Record<string, { perSecond: number; cpu: number }[]> = {};
    // Throughput, and the server's CPU per request (less disturbed by other load on the machine).
    const measure = async (name: string, base: string, path: string, headers?: Record<string, string>) => {
      const pid = pids.get(base) ?? 0;
      const before = processUsage(pid).cpuSeconds;
      const result = await load({ url: `${base}${path}`, headers, connections, seconds });
      const used = processUsage(pid).cpuSeconds - before;
      if (result.unexpected > 0) throw new Error(`${name}: ${result.unexpected} answers with an unexpected status`);
      best[name] = Math.max(best[name] ?? 0, result.perSecond);
      cpu[name] = Math.min(cpu[name] ?? Number.POSITIVE_INFINITY, (used / result.requests) * 1e6);
      byRound[name] = [...(byRound[name] ?? []), { perSecond: result.perSecond, cpu: (used / result.requests) * 1e6 }];
    };
    // Each round starts with the next contender, so none is always the one measured after another.
    const rotated = <T>(items: T[], round: number) => items.map((_, i) => items[(i + round) % items.length] as T);
    // Warm-up: JIT and the prepared statements of every pooled connection.
    for (const [, base] of Object.entries(cases.list)) await load({ url: `${base}${list}`, headers: bearer, connections, seconds: 1 });
    for (const [, base] of Object.entries(cases.live)) await load({ url: `${base}/health/live`, connections, seconds: 1 });
    for (let round = 0; round < rounds; round++) {
      for (const [name, base] of rotated(Object.entries(cases.live), round)) await measure(`live ${name}`, base, '/health/live');
      for (const [name, base] of rotated(Object.entries(cases.list), round)) await measure(`list ${name}`, base, list, bearer);
    }
    const rate = (name: string) => `${(best[name] ?? 0).toFixed(0)} req/s, ${(cpu[name] ?? 0).toFixed(0)} µs CPU/req`;
    // Throughput ratio, and (in brackets) the inverse ratio of CPU per request, each the median of the rounds'.
    const ratio = (a: string, b: string) => {
      const [x, y] = [byRound[a] ?? [], byRound[b] ?? []];
      const throughput = medianRatio(x.map((r) => r.perSecond), y.map((r) => r.perSecond));
      const cpu = medianRatio(y.map((r) => r.cpu), x.map((r) => r.cpu));
      return `${throughput.toFixed(2)}× (CPU: ${cpu.toFixed(2)}×)`;
    };
    const beforeRows: Record<string, string> = before
      ? {
          'live: before (BENCH_BEFORE, LOG_LEVEL=info)': rate('live Concord before (info)'),
          'live: now ÷ before': ratio('live Concord (info)', 'live Concord before (info)'),
          'list: before (BENCH_BEFORE, LOG_LEVEL=info)': rate('list Concord before (info)'),
          'list: now ÷ before': ratio('list Concord (info)', 'list Concord before (info)'),
        }
      : {};
    return {
      database: databaseUrl ? 'PostgreSQL' : 'embedded',
      load: `${connections} keep-alive connections, ${rounds} rounds × ${seconds} s: best round; ratios, median round`,
      paths: `live: GET /health/live; list: GET ${list.replace(GUILD, '…')} (bearer, 20 rows)`,
      'live: Concord (LOG_LEVEL=info)': rate('live Concord (info)'),
      'live: Concord (LOG_LEVEL=warn)': rate('live Concord (warn: no access log)'),
      'live: bare node:http': rate('live bare node:http'),
      'live: bare node:http with request ids, nosniff, metrics': rate('live bare node:http with the features'),
      'live: Fastify': rate('live Fastify'),
      'live: Fastify with access log': rate('live Fastify with access log'),
      'live: Concord ÷ bare node:http (target ≥ 0.9)': ratio('live Concord (info)', 'live bare node:http'),
      'live: Concord ÷ bare node:http with the same features': ratio('live Concord (info)', 'live bare node:http with the features'),
      'live: Concord ÷ Fastify': ratio('live Concord (info)', 'live Fastify'),
      'live: Concord ÷ Fastify, both with access log': ratio('live Concord (info)', 'live Fastify with access log'),
      'live: with access log ÷ without': ratio('live Concord (info)', 'live Concord (warn: no access log)'),
      'list: Concord (LOG_LEVEL=info)': rate('list Concord (info)'),
      'list: Concord (LOG_LEVEL=warn)': rate('list Concord (warn: no access log)'),
      'list: Fastify + postgres.js': rate('list Fastify + postgres.js'),
      'list: Fastify + postgres.js with access log': rate('list Fastify + postgres.js with access log'),
      'list: Concord ÷ Fastify + postgres.js (target ≥ 1.0)': ratio('list Concord (info)', 'list Fastify + postgres.js'),
      'list: Concord ÷ Fastify, both with access log': ratio('list Concord (info)', 'list Fastify + postgres.js with access log'),
      'list: Concord ÷ Fastify, neither with access log': ratio('list Concord (warn: no access log)', 'list Fastify + postgres.js'),
      'list: with access log ÷ without': ratio('list Concord (info)', 'list Concord (warn: no access log)'),
      ...beforeRows,
    };
  } finally {
    await Promise.all(running.map((it) => it.stop()));
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
