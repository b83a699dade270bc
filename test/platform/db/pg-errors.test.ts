// The one classification of database errors: real PostgreSQL refusals, each mapped to the client's
// fault (invalid or conflict) or left as ours, and a redacted copy that keeps no value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyDatabaseError, isPostgresError, redactDatabaseError } from '../../../src/platform/db/pg-errors.ts';
import { createTestDatabase } from '../../support/db.ts';

test('database errors are classified in one place', async (t) => {
  const { sql } = await createTestDatabase(t, { migrate: false });
  await sql`create table parents (id bigint primary key)`;
  await sql`create table children (id bigint primary key, parent_id bigint references parents (id), n int check (n >= 0), name text not null)`;
  await sql`insert into parents values (1)`;
  const failure = (run: () => Promise<unknown>) => run().then(() => assert.fail('expected the query to fail'), (error: unknown) => error);

  const cases = [
    { name: 'text that is not a number', run: () => sql.unsafe('select $1::bigint', ['abc']), kind: 'invalid', code: 'INVALID_VALUE' },
    { name: 'a number out of range', run: () => sql.unsafe('select $1::int', ['2147483648']), kind: 'invalid', code: 'INVALID_VALUE' },
    { name: 'a day that does not exist', run: () => sql.unsafe('select $1::text::date', ['2026-02-30']), kind: 'invalid', code: 'INVALID_VALUE' },
    { name: 'a NUL in jsonb', run: () => sql.unsafe('select $1::jsonb', [{ a: '\u0000' } as never]), kind: 'invalid', code: 'INVALID_VALUE' },
    { name: 'a check violation', run: () => sql`insert into children (id, n, name) values (1, -1, 'x')`, kind: 'invalid', code: 'CHECK_FAILED' },
    { name: 'a not-null violation', run: () => sql`insert into children (id, name) values (1, null)`, kind: 'invalid', code: 'VALUE_REQUIRED', field: 'name' },
    { name: 'a wrong parent id', run: () => sql`insert into children (id, parent_id, name) values (1, 999, 'x')`, kind: 'invalid', code: 'REFERENCE_NOT_FOUND', field: 'parent_id' },
    { name: 'a duplicate', run: () => sql`insert into parents values (1)`, kind: 'conflict', code: 'CONFLICT', field: 'id' },
  ] as const;
  for (const c of cases) {
    await t.test(`${c.name} is the client's (${c.kind})`, async () => {
      const fault = classifyDatabaseError(await failure(c.run));
      assert.ok(fault, 'classified');
      assert.equal(fault.kind, c.kind);
      assert.equal(fault.code, c.code);
      if ('field' in c) assert.equal(fault.field, c.field);
    });
  }

  await t.test('a bug (an unknown column) is ours: not classified', async () => {
    const error = await failure(() => sql`select no_such_column from parents`);
    assert.ok(isPostgresError(error));
    assert.equal(classifyDatabaseError(error), undefined);
  });

  await t.test('the redacted copy keeps the SQLSTATE and drops the values', async () => {
    const error = await failure(() => sql.unsafe('select $1::bigint', ['secret-value-42']));
    assert.ok(isPostgresError(error));
    assert.match(`${error.message} ${JSON.stringify((error as unknown as { parameters: unknown }).parameters)}`, /secret-value-42/, 'postgres.js carries the value');
    const safe = redactDatabaseError(error);
    assert.equal(safe.code, '22P02');
    assert.doesNotMatch(JSON.stringify({ ...safe, message: safe.message, stack: safe.stack }), /secret-value-42/);
  });
});
