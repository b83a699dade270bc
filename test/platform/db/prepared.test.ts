// The hot-path queries are prepared: after the first use on a connection, a call is one Bind/Execute
// round trip rather than Parse + Describe, then Bind + Execute.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import postgres from 'postgres';
import { deleteExpiredSessions, findSession } from '../../../src/features/auth/session-queries.ts';
import { insertLogs } from '../../../src/features/logs/queries.ts';
import { listCommands, listCommandsForGuild } from '../../../src/modules/custom-commands/data/queries.ts';
import { inTransaction } from '../../../src/platform/db/connect.ts';
import { DatabaseFault, isPostgresError } from '../../../src/platform/db/pg-errors.ts';
import { exec, many, one } from '../../../src/platform/db/query.ts';
import { createTestDatabase } from '../../support/db.ts';

const GUILD = '100000000000000001';

test('the queries of the API list, the bot lookup, the command log and sessions are prepared once per connection', async (t) => {
  const { url, sql: setup } = await createTestDatabase(t);
  await setup`insert into custom_commands (guild_id, name, response) values (${GUILD}, 'hello', 'Hi')`;
  // One connection, so pg_prepared_statements (which is per session) sees every statement it made.
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  t.after(() => sql.end({ timeout: 5 }));
  const prepared = async () => Number((await sql`select count(*) as n from pg_prepared_statements where not from_sql`)[0]?.n);
  const before = await prepared();
  for (let i = 0; i < 3; i++) {
    assert.equal((await listCommands(sql, { guildId: GUILD, limit: 50 })).length, 1);
    assert.equal((await listCommandsForGuild(sql, GUILD)).length, 1);
    assert.equal(await findSession(sql, 'no-such-hash'), undefined);
  }
  await insertLogs(sql, [
    { occurred_at: new Date().toISOString(), guild_id: GUILD, channel_id: null, user_id: '1', user_name: 'u', command: 'hello', args: '', source: 'prefix', status: 'ok', latency_ms: 1, error: null, event_id: 'e1', metadata: {} },
  ]);
  // Four statements, each prepared once however often it ran.
  assert.equal((await prepared()) - before, 4);
});

test('a statement without parameters and one in a transaction are prepared too', async (t) => {
  const { url } = await createTestDatabase(t);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  t.after(() => sql.end({ timeout: 5 }));
  // postgres.js prepares statements of its own (its type lookup, a transaction's commit): count ours.
  const ours = ['delete from sessions where expires_at <= now()', 'select $1::int as n'];
  const prepared = async () => (await sql`select statement from pg_prepared_statements where not from_sql`).filter((row) => ours.includes(row.statement)).length;
  // postgres.js sends a query without parameters as a simple query, never prepared, unless told not to.
  await deleteExpiredSessions(sql);
  await deleteExpiredSessions(sql);
  assert.equal(await prepared(), 1);
  // A transaction handle stands in for `sql`, and its statements are prepared on its connection.
  const inside = await inTransaction(sql, async (tx) => {
    await deleteExpiredSessions(tx);
    return one<{ n: number }>(tx, 'select $1::int as n', [5]);
  });
  assert.equal(inside?.n, 5);
  assert.equal(await prepared(), 2);
});

test('a refusal the client caused leaves the helpers classified, with the database error as its cause', async (t) => {
  const { sql } = await createTestDatabase(t);
  const error = await exec(sql, 'select $1::bigint', ['abc']).then(
    () => assert.fail('expected the query to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DatabaseFault);
  assert.equal(error.kind, 'invalid');
  assert.equal(error.sqlstate, '22P02');
  assert.ok(isPostgresError(error.cause));
  // A bug (here, a missing table) is not the client's: it leaves as the database's error.
  await assert.rejects(exec(sql, 'select * from no_such_table'), (e: unknown) => isPostgresError(e) && e.code === '42P01');
});

test('one and many return typed rows; one is undefined when there is none', async (t) => {
  const { sql } = await createTestDatabase(t);
  const rows = await many<{ n: number }>(sql, 'select generate_series(1, $1::int) as n', [3]);
  assert.deepEqual(rows.map((r) => r.n), [1, 2, 3]);
  assert.equal((await one<{ n: number }>(sql, 'select 1 as n where $1::int > 1', [1])), undefined);
  assert.equal((await one<{ n: number }>(sql, 'select $1::int as n', [7]))?.n, 7);
});
