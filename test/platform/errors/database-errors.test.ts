// Database errors in logs and error groups: the query's name and SQLSTATE, never the values it was
// given (user content), and one group per query and SQLSTATE rather than one for every database error.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fingerprintError } from '../../../src/features/errors/fingerprint.ts';
import { insertLogs, listLogs } from '../../../src/features/logs/queries.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { startTestApp } from '../../support/app.ts';
import { createTestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/eventually.ts';

const CANARY = 'canary-user-content-7f3a';

const logRow = (userName: string) => ({
  occurred_at: '2026-01-31T12:00:00Z',
  guild_id: '100000000000000001',
  channel_id: null,
  user_id: '200000000000000002',
  user_name: userName,
  command: 'ping',
  args: '',
  source: 'prefix' as const,
  status: 'ok' as const,
  latency_ms: 1,
  error: null,
  event_id: `e-${Math.random()}`,
  metadata: {},
});

test('a failing query is logged and recorded by name and SQLSTATE, without its parameters', async (t) => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const { db, request } = await startTestApp(t, { log: createLogger('info', stream) });
  await db.sql`drop table command_logs cascade`;

  const failed = await request('POST', '/api/logs', { items: [logRow(CANARY)] });
  assert.equal(failed.status, 500);
  const line = await eventually(() => {
    const found = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error in HTTP handler');
    assert.ok(found, 'the error is logged');
    return found;
  });
  assert.equal(
    lines.some((l) => l.includes(CANARY)),
    false,
    `no log line holds the parameter value: ${lines.filter((l) => l.includes(CANARY)).join('\n')}`,
  );
  assert.equal(line.err.code, '42P01');
  assert.equal(line.err.query_name, 'insertLogs');

  const group = await eventually(async () => {
    const { body } = await request('GET', '/api/errors');
    const found = body.items.find((g: { source: string }) => g.source === 'http');
    assert.ok(found);
    return found;
  });
  assert.doesNotMatch(JSON.stringify(group), new RegExp(CANARY), 'nor does the error group');
  assert.match(group.message, /command_logs/);
});

test('database errors are grouped by SQLSTATE and query name', async (t) => {
  const { sql } = await createTestDatabase(t);
  const failure = (run: () => Promise<unknown>) => run().then(() => assert.fail('expected the query to fail'), (error: unknown) => error);
  const badCursor = (id: string) => failure(() => listLogs(sql, { before: { occurredAt: new Date(), id }, limit: 1 }));

  const castA = await badCursor('abc');
  const castB = await badCursor('xyz');
  assert.equal(fingerprintError(castA), fingerprintError(castB), 'the same query failing the same way is one group, whatever the values');

  await sql`drop table command_logs cascade`;
  const missingList = await failure(() => listLogs(sql, { limit: 1 }));
  const missingInsert = await failure(() => insertLogs(sql, [logRow('x')]));
  assert.notEqual(fingerprintError(castA), fingerprintError(missingList), 'another SQLSTATE in the same query is another group');
  assert.notEqual(fingerprintError(missingList), fingerprintError(missingInsert), 'the same SQLSTATE in another query is another group');
});
