// The pool when its server dies under it: every query in flight or sent meanwhile fails with a
// connection error (which the edges answer as an outage), and nothing is thrown outside a query.
// postgres.js 3.4.9 and 3.4.10 threw from a timer and took the process down (porsager/postgres#1154, #1208).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inTransaction, openDatabase } from '../../../src/platform/db/connect.ts';
import { isConnectionError } from '../../../src/platform/db/pg-errors.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { eventually } from '../../support/eventually.ts';
import { onTeardown } from '../../support/teardown.ts';

test('transactions and queries in flight when the postmaster is killed fail as an outage, and nothing crashes', { timeout: 120_000 }, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-driver-'));
  onTeardown(t, () => rm(dataDir, { recursive: true, force: true }));
  const thrown: unknown[] = [];
  const onUncaught = (error: unknown) => void thrown.push(error);
  process.on('uncaughtException', onUncaught);
  onTeardown(t, () => void process.off('uncaughtException', onUncaught));
  const db = await openDatabase({ DATABASE_URL: undefined, DATABASE_POOL_MAX: 8, DATABASE_START_TIMEOUT_MS: 30_000, dataDir }, createLogger('silent'));
  onTeardown(t, () => db.close());
  const { sql } = db;
  await sql`create table beats (id serial primary key, worker int not null)`;

  let done = 0;
  const failures: unknown[] = [];
  const stop = new AbortController();
  // Several statements a transaction, so a connection dies between them as well as during one.
  const work = async (worker: number) => {
    while (!stop.signal.aborted) {
      try {
        if (worker % 2 === 0) {
          await inTransaction(sql, async (tx) => {
            await tx`insert into beats (worker) values (${worker})`;
            await tx`select pg_sleep(0.001)`;
            await tx`select count(*) from beats where worker = ${worker}`;
          });
        } else {
          await sql`select ${worker}::int as worker`;
        }
        done++;
      } catch (error) {
        failures.push(error);
        await sleep(5);
      }
    }
  };
  const workers = Array.from({ length: 16 }, (_, worker) => work(worker));

  for (let round = 1; round <= 3; round++) {
    const lock = (await readFile(join(dataDir, 'pgdata/postmaster.pid'), 'utf8')).split('\n');
    await eventually(() => assert.ok(done >= 50 * round, `round ${round}: ${done} done`), 30_000);
    const failed = failures.length;
    process.kill(Number(lock[0]), 'SIGKILL');
    await eventually(() => assert.ok(failures.length > failed, `round ${round}: no failure after the kill`), 10_000, 5);
    // Back to work once the server is up again (the supervisor restarts it on the same socket).
    const ok = done;
    await eventually(() => assert.ok(done > ok + 20, `round ${round}: no work done after the restart`), 30_000, 20);
    await eventually(async () => assert.equal((await readFile(join(dataDir, 'pgdata/postmaster.pid'), 'utf8')).split('\n')[7]?.trim(), 'ready'), 5_000);
  }
  stop.abort();
  await Promise.all(workers);

  assert.deepEqual(thrown, []);
  assert.ok(failures.length > 0);
  assert.deepEqual(
    failures.filter((error) => !isConnectionError(error)),
    [],
    'every failure is an outage',
  );
});
