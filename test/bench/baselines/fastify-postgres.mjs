// Baseline: Fastify + postgres.js doing the work of Concord's GET /health/live and GET /api/commands
// (bearer check in constant time, the same rows by a prepared query, counts as numbers), with no logger; with
// ACCESS_LOG=1, Fastify's pino logger writes one access line per answer, as Concord does (the same
// fields, asynchronously to stdout, 2xx probes of /health left out).
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pino from 'pino';
import postgres from 'postgres';

// Concord's listCommands filter, with the row as it is stored: the way a Fastify app lists, postgres.js
// parsing the JSON columns and Fastify serialising the rows. (Concord's list takes the JSON columns as
// text and writes them out as they came: routes/command-json.ts.)
const listCommands = `select * from custom_commands
where deleted_at is null
  and ($1::text is null or ($1 = 'global' and guild_id is null) or guild_id = $1)
  and ($2::text is null or strpos(lower(name), lower($2)) > 0 or strpos(lower(description), lower($2)) > 0)
  and ($3::bigint is null or id > $3)
order by id
limit $4`;
const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
const expected = createHash('sha256').update(process.env.API_TOKEN).digest();

const accessLog = process.env.ACCESS_LOG === '1';
const app = Fastify(
  accessLog ? { loggerInstance: pino({ level: 'info', base: undefined }, pino.destination({ dest: 1, sync: false })), disableRequestLogging: true } : { logger: false },
);
if (accessLog) {
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode < 300 && req.url.startsWith('/health')) return;
    req.log.info({ method: req.method, path: req.url.split('?')[0], route: req.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
}
app.get('/health/live', async (_req, reply) => {
  reply.header('cache-control', 'no-store');
  return { status: 'ok' };
});
app.get('/api/commands', async (req, reply) => {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) return reply.code(401).send({ code: 'UNAUTHORIZED' });
  const limit = Number(req.query.limit ?? 50);
  const rows = await sql.unsafe(listCommands, [req.query.guild_id ?? null, req.query.q ?? null, null, limit], { prepare: true });
  const items = rows.map((row) => ({ ...row, use_count: Number(row.use_count) }));
  reply.header('cache-control', 'no-store');
  const next = items.length === limit ? Buffer.from(JSON.stringify([items.at(-1).id])).toString('base64url') : null;
  return { items, next_cursor: next };
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url, msg: 'API listening' }));
process.on('SIGTERM', async () => {
  await app.close();
  await sql.end();
  process.exit(0);
});
