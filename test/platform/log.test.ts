// The logger never writes a query's parameter values (user content): postgres.js hangs them on every
// error of a query it sent, connection errors included, and the pool's debug hook (connect.ts) makes
// them enumerable, so a plain serializer would log them.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import postgres from 'postgres';
import { openDatabase } from '../../src/platform/db/connect.ts';
import { databaseOutage } from '../../src/platform/db/pg-errors.ts';
import { createLogger } from '../../src/platform/log.ts';
import { createTestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';

const SECRET = 'secret-user-text-4f1d';

/** A logger whose lines the test reads, parsed. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)));
  return { log: createLogger('info', stream), lines };
}

async function failure(query: Promise<unknown>): Promise<Error> {
  return query.then(
    () => assert.fail('the query should have failed'),
    (error: Error) => error,
  );
}

test('a query whose connection is closed under it logs its code and query name, never its parameters', async (t) => {
  const { url } = await createTestDatabase(t, { migrate: false });
  const { log, lines } = capturedLogger();
  // The pool as Concord opens it, on one connection, so the query below runs where `pid` says.
  const db = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_MAX: 1, DATABASE_START_TIMEOUT_MS: 5_000, dataDir: '/nonexistent' }, createLogger('silent'));
  // Its one connection was killed: nothing is left to wait for.
  t.after(() => db.sql.end({ timeout: 0 }));
  const [row] = await db.sql`select pg_backend_pid() as pid`;
  const pid = Number(row?.pid);
  // Another connection ends the query's backend, as a restart or a dead server would.
  const killer = postgres(url, { max: 1, onnotice: () => {} });
  t.after(() => killer.end({ timeout: 1 }));
  const running = failure(db.sql`select pg_sleep(30), ${SECRET}::text as secret`);
  await eventually(async () => assert.equal((await killer`select 1 from pg_stat_activity where pid = ${pid} and query like '%pg_sleep%'`).length, 1));
  await killer`select pg_terminate_backend(${pid})`;
  const error = await running;
  assert.ok(Object.keys(error).includes('args'), 'postgres.js hung the values on the error, enumerable');

  log.error({ err: error }, 'query failed');
  log.error({ err: databaseOutage(error) }, 'as the edge reports it');
  log.error({ err: new AggregateError([error], 'several failed') }, 'nested');
  assert.equal(lines.length, 3);
  for (const line of lines) assert.ok(!JSON.stringify(line).includes(SECRET), JSON.stringify(line));
  const err = (lines[0]?.err ?? {}) as Record<string, unknown>;
  // The server's own word (57P01, admin shutdown) when it arrives before the socket closes, else postgres.js's.
  assert.match(String(err.code), /^(57P01|CONNECTION_CLOSED)$/);
  assert.match(String(err.query_name), /^sql:[0-9a-f]{8}$/);
  for (const key of ['parameters', 'args', 'types', 'query']) assert.ok(!(key in err), key);
});

test('a refused connection (nothing listening) logs no parameters either', async () => {
  const { log, lines } = capturedLogger();
  // As connect.ts configures the pool: a debug hook, which makes the error's query fields enumerable.
  const sql = postgres('postgres://postgres@127.0.0.1:1/none', { debug: () => {}, connect_timeout: 2, max: 1 });
  const error = await failure(sql`select ${SECRET}::text`);
  await sql.end({ timeout: 1 });
  log.warn({ err: error }, 'database not reachable');
  const [line] = lines;
  assert.ok(line && lines.length === 1);
  assert.ok(!JSON.stringify(line).includes(SECRET), JSON.stringify(line));
  assert.equal((line.err as { code?: string }).code, 'ECONNREFUSED');
});

test('errors are typed by their name, nested ones too, as the minified bundle renames their classes', () => {
  const { log, lines } = capturedLogger();
  // As esbuild minifies it: the class is `a`, the error still says what it is.
  const a = class extends Error {
    override name = 'ChannelNotOwned';
  };
  const inner = new a('not this guild');
  log.error({ err: new AggregateError([inner], 'several failed') }, 'nested');
  log.error({ err: Object.assign(new Error('outer'), { name: 'DeliveryFailed', during: inner }) }, 'as a field');
  const [aggregate, field] = lines.map((line) => line.err as { type: string; aggregateErrors?: { type: string }[]; during?: { type: string } });
  assert.ok(aggregate && field && lines.length === 2);
  assert.equal(aggregate.type, 'AggregateError');
  assert.deepEqual(aggregate.aggregateErrors?.map((error) => error.type), ['ChannelNotOwned']);
  assert.equal(field.type, 'DeliveryFailed');
  assert.equal(field.during?.type, 'ChannelNotOwned');
});
