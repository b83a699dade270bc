// A value the database refuses is the client's fault when validation let it through: the data layer
// classifies the error once and the HTTP edge renders it as a 4xx problem, with a warning that names
// the query (so the missing validation can be added), never as a 500.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { exec, many } from '../../../src/platform/db/query.ts';
import { Router } from '../../../src/platform/http/router.ts';
import { createHttpServer } from '../../../src/platform/http/server.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { request } from '../../support/app.ts';
import { createTestDatabase } from '../../support/db.ts';

test('database refusals the client caused are 4xx problems', async (t) => {
  const { sql } = await createTestDatabase(t, { migrate: false });
  await sql`create table things (id bigint primary key, n int check (n >= 0))`;
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  // Routes with no validation at all, so every bad value reaches PostgreSQL through the query helpers.
  const router = new Router()
    .get('/things', async (ctx) => ({ body: await many(sql, 'select * from things where id = $1::bigint', [ctx.query.get('id') ?? '']) }))
    .post('/things', async (ctx) => {
      const body = (await ctx.body()) as { id: unknown; n: unknown };
      await exec(sql, 'insert into things (id, n) values ($1, $2)', [body.id, body.n]);
      return { status: 201 };
    });
  const http = createHttpServer({ router, log: createLogger('warn', stream), bodyLimit: 1_024, requestTimeoutMs: 5_000 });
  const { port } = await http.listen(0, '127.0.0.1');
  t.after(() => http.close());
  const base = `http://127.0.0.1:${port}`;

  const cases = [
    { name: 'text for a bigint in a read', method: 'GET', path: '/things?id=abc', status: 400, code: 'INVALID_VALUE', field: 'query' },
    { name: 'an int out of range', method: 'POST', path: '/things', body: { id: 1, n: 2 ** 31 }, status: 422, code: 'INVALID_VALUE', field: '(body)' },
    { name: 'a check violation', method: 'POST', path: '/things', body: { id: 2, n: -1 }, status: 422, code: 'CHECK_FAILED', field: '(body)' },
    { name: 'a duplicate', method: 'POST', path: '/things', body: { id: 3, n: 1 }, status: 409, code: 'CONFLICT', repeat: true },
  ];
  for (const c of cases) {
    await t.test(`${c.name} is ${c.status}`, async () => {
      if (c.repeat) assert.equal((await request(base, c.method, c.path, c.body)).status, 201);
      const res = await request(base, c.method, c.path, c.body);
      assert.equal(res.status, c.status, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.body.code, c.code);
      if (c.field) assert.equal(res.body.errors[0].field, c.field);
    });
  }

  await t.test('each is a warning naming the SQLSTATE, never an error line', () => {
    const parsed = lines.map((l) => JSON.parse(l));
    assert.equal(parsed.filter((l) => l.level >= 50).length, 0);
    const warnings = parsed.filter((l) => l.msg === 'the database refused a value that validation let through');
    assert.deepEqual(warnings.map((w) => w.sqlstate), ['22P02', '22003', '23514', '23505']);
    assert.ok(warnings.every((w) => /^sql:[0-9a-f]{8}$/.test(w.query)), 'inline SQL is named by its hash');
  });
});
