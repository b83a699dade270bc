// Many connections at once, as the app and its tests use them. On the embedded database this
// proves the connection-group queue (src/db/pglite-queue.ts): without it, concurrent prepared
// statements from two connections clobber each other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import postgres from 'postgres';
import { createTestDatabase } from '../support/db.ts';

test('parallel prepared queries and transactions from several connections keep their own results', { timeout: 30_000 }, async (t) => {
  const { url } = await createTestDatabase(t);
  const clients = [postgres(url, { max: 4, onnotice: () => {} }), postgres(url, { max: 4, onnotice: () => {} })];
  t.after(() => Promise.all(clients.map((c) => c.end())));
  await clients[0]?.unsafe('create table counter (n int not null)');
  await clients[0]?.unsafe('insert into counter values (0)');

  const work = Array.from({ length: 200 }, async (_, i) => {
    const sql = clients[i % 2] as postgres.Sql;
    if (i % 10 === 0) {
      await sql.begin(async (tx) => {
        const [row] = await tx.unsafe('select n from counter for update');
        await tx.unsafe('update counter set n = $1', [Number(row?.n) + 1]);
      });
      return;
    }
    const params = Array.from({ length: (i % 5) + 1 }, (_, k) => i * 10 + k);
    const placeholders = params.map((_, k) => `$${k + 1}::int`).join(' + ');
    const [row] = await sql.unsafe(`select ${placeholders} as total`, params);
    assert.equal(Number(row?.total), params.reduce((a, b) => a + b, 0));
  });
  await Promise.all(work);
  const [row] = await clients[0]?.unsafe('select n from counter') ?? [];
  assert.equal(row?.n, 20);
});
