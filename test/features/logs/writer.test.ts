import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { type CommandLogEntry, insertLogs } from '../../../src/features/logs/queries.ts';
import { createLogWriter } from '../../../src/features/logs/writer.ts';
import { AppError } from '../../../src/platform/errors/app-error.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { createTestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/eventually.ts';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

function entry(n: number): CommandLogEntry {
  return {
    occurred_at: new Date(0).toISOString(),
    guild_id: null,
    channel_id: null,
    user_id: 'u',
    user_name: 'u',
    command: 'ping',
    args: '',
    source: 'console',
    status: 'ok',
    latency_ms: 0,
    error: null,
    event_id: `e${n}`,
    metadata: {},
  };
}

test('rows are written in batches, never one write per row', async () => {
  const batches: number[] = [];
  const sink = createLogWriter({ write: async (b) => void batches.push(b.length), log: quiet, intervalMs: 10_000, batchSize: 100, maxQueue: 10_000 });
  for (let i = 0; i < 1_000; i++) sink.record(entry(i));
  await sink.close();
  assert.equal(batches.reduce((a, b) => a + b, 0), 1_000);
  assert.ok(batches.length <= 11, `${batches.length} writes`);
});

test('a failing target is retried with backoff and loses nothing', async () => {
  let failuresLeft = 3;
  const written: string[] = [];
  const sink = createLogWriter({
    write: async (batch) => {
      if (failuresLeft-- > 0) throw new Error('API down');
      written.push(...batch.map((e) => e.event_id));
    },
    log: quiet,
    intervalMs: 5,
    batchSize: 10,
    maxQueue: 1_000,
    backoffMs: 5,
  });
  for (let i = 0; i < 25; i++) sink.record(entry(i));
  await eventually(() => assert.equal(written.length, 25));
  assert.deepEqual(written, Array.from({ length: 25 }, (_, i) => `e${i}`));
  await sink.close();
});

test('beyond maxQueue the oldest rows are dropped and counted', async () => {
  const sink = createLogWriter({ write: () => Promise.reject(new Error('down')), log: quiet, intervalMs: 10_000, batchSize: 10, maxQueue: 100 });
  for (let i = 0; i < 150; i++) sink.record(entry(i));
  const stats = sink.stats();
  assert.ok(stats.queued <= 100);
  assert.equal(stats.queued + stats.dropped, 150);
  await sink.close(50);
});

test('close writes what is left', async () => {
  const written: string[] = [];
  const sink = createLogWriter({ write: async (b) => void written.push(...b.map((e) => e.event_id)), log: quiet, intervalMs: 60_000, batchSize: 250, maxQueue: 1_000 });
  sink.record(entry(1));
  sink.record(entry(2));
  await sink.close();
  assert.deepEqual(written, ['e1', 'e2']);
  sink.record(entry(3));
  assert.equal(sink.stats().queued, 0, 'rows after close are refused');
});

test('a batch refused as invalid is written row by row: only the bad row is dropped, and the rows behind it go on', async () => {
  const stored: string[] = [];
  let writes = 0;
  const sink = createLogWriter({
    write: async (batch) => {
      writes++;
      if (batch.some((row) => row.event_id === 'e3')) throw new AppError('invalid', 'VALIDATION_FAILED', 'items.3.args: too long', { fields: [{ field: 'items.3.args', message: 'too long' }] });
      stored.push(...batch.map((row) => row.event_id));
    },
    log: quiet,
    intervalMs: 60_000,
    batchSize: 10,
    maxQueue: 100,
  });
  for (let i = 0; i < 15; i++) sink.record(entry(i));
  await sink.flush();
  assert.deepEqual(stored, ['e0', 'e1', 'e2', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11', 'e12', 'e13', 'e14']);
  assert.deepEqual(sink.stats(), { queued: 0, written: 14, dropped: 1 });
  // One refused batch of ten, its ten rows one by one, then the next batch whole.
  assert.equal(writes, 12);
  await sink.close();
});

test('a row PostgreSQL refuses (a NUL in its text) is dropped alone; the rows of its batch are stored', async (t) => {
  const { sql } = await createTestDatabase(t);
  const sink = createLogWriter({ write: async (batch) => void (await insertLogs(sql, batch)), log: quiet, intervalMs: 60_000, batchSize: 10, maxQueue: 100 });
  for (let i = 0; i < 5; i++) sink.record(i === 2 ? { ...entry(i), args: 'a\u0000b' } : entry(i));
  await sink.flush();
  const rows = await sql<{ event_id: string }[]>`select event_id from command_logs order by event_id`;
  assert.deepEqual(rows.map((row) => row.event_id), ['e0', 'e1', 'e3', 'e4']);
  assert.deepEqual(sink.stats(), { queued: 0, written: 4, dropped: 1 });
  await sink.close();
});

test("flush writes every row recorded before it, even while the timer's write of a part batch is under way", async () => {
  const written: string[] = [];
  let release: () => void = () => {};
  let writes = 0;
  const sink = createLogWriter({
    // The first write (the timer's) hangs until released; the others go at once.
    write: async (batch) => {
      if (writes++ === 0) await new Promise<void>((resolve) => (release = resolve));
      written.push(...batch.map((row) => row.event_id));
    },
    log: quiet,
    intervalMs: 20,
    batchSize: 100,
    maxQueue: 10_000,
  });
  sink.record(entry(0));
  await eventually(async () => assert.equal(writes, 1, 'the timer started its write'));
  // Rows recorded while it writes: the timer's drain leaves a part batch for its next tick.
  for (let i = 1; i <= 5; i++) sink.record(entry(i));
  const flushed = sink.flush();
  release();
  await flushed;
  assert.deepEqual(written.sort(), ['e0', 'e1', 'e2', 'e3', 'e4', 'e5'], 'all six written when flush resolves');
  await sink.close();
});
