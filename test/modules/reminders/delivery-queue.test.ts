// The one delivery queue over reminders and scheduled messages: each due row is claimed by exactly
// one of many concurrent claimers (separate connection pools, as separate processes are), a round of
// sends is recorded, a retry waits, a failure sticks, and the console's lane is apart from Discord's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import postgres from 'postgres';
import { claimDue, fail, markSent, nextDueAt, type QueueTable, retry } from '../../../src/modules/reminders/delivery-queue.ts';
import type { Sql } from '../../../src/platform/db/connect.ts';
import { createTestDatabase } from '../../support/db.ts';

const GUILD = '100000000000000001';
const CHANNEL = '100000000000000002';
const NOW = new Date('2026-06-01T12:00:00Z');

/** Inserts `count` rows due at NOW into `table` (`channel` defaults to a Discord channel); their ids. */
const INSERT: Record<QueueTable, (sql: Sql, count: number, channel?: string) => Promise<string[]>> = {
  async reminders(sql, count, channel = CHANNEL) {
    const rows = await sql<{ id: string }[]>`
      insert into reminders (user_id, guild_id, channel_id, content, due_at)
      select '1', ${GUILD}, ${channel}, 'r' || n, ${NOW} from generate_series(1, ${count}) n returning id`;
    return rows.map((r) => r.id);
  },
  async scheduled_messages(sql, count) {
    const rows = await sql<{ id: string }[]>`
      insert into scheduled_messages (guild_id, channel_id, content, due_at)
      select ${GUILD}, ${CHANNEL}, 's' || n, ${NOW} from generate_series(1, ${count}) n returning id`;
    return rows.map((r) => r.id);
  },
};

const TABLES: QueueTable[] = ['reminders', 'scheduled_messages'];

for (const table of TABLES) {
  test(`${table}: parallel claimers in two pools take each due row exactly once`, async (t) => {
    const db = await createTestDatabase(t);
    const ids = await INSERT[table](db.sql, 400);
    const other = postgres(db.url, { max: 4, onnotice: () => {} });
    t.after(() => other.end({ timeout: 5 }));
    // Eight claimers at once, four connections each side: every claim races the others for the same rows.
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimDue(i % 2 ? other : db.sql, { table }, NOW, 60_000, 100)),
    );
    const claimed = claims.flat().map((row) => row.id);
    assert.equal(claimed.length, ids.length, 'all rows claimed');
    assert.equal(new Set(claimed).size, ids.length, 'no row claimed twice');
    assert.equal((await claimDue(db.sql, { table }, NOW, 60_000, 100)).length, 0, 'a leased row is not claimed again');
    const later = new Date(NOW.getTime() + 60_000);
    assert.equal((await claimDue(db.sql, { table }, later, 60_000, 1_000)).length, ids.length, 'an expired lease frees the row');
  });

  test(`${table}: sent rows stop or move on, a retry waits, a failure sticks`, async (t) => {
    const db = await createTestDatabase(t);
    const [once, repeating, retried, failed] = await INSERT[table](db.sql, 4);
    assert.ok(once && repeating && retried && failed);
    assert.equal((await claimDue(db.sql, { table }, NOW, 60_000, 10)).length, 4);
    const next = new Date(NOW.getTime() + 86_400_000);
    await markSent(db.sql, table, [
      { id: once, sentAt: NOW, nextDueAt: null, lateMs: 12 },
      { id: repeating, sentAt: NOW, nextDueAt: next, lateMs: 0 },
    ]);
    const retryAt = new Date(NOW.getTime() + 5_000);
    await retry(db.sql, table, retried, retryAt, '503 Service Unavailable');
    await fail(db.sql, table, failed, '403 Missing Access (50001)');
    const rows = await db.sql.unsafe<{ id: string; status: string; due_at: Date; last_late_ms: string | null; last_error: string | null }[]>(
      `select id, status, due_at, last_late_ms, last_error from ${table} order by id`,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.deepEqual([byId.get(once)?.status, byId.get(once)?.last_late_ms], ['sent', '12']);
    assert.deepEqual([byId.get(repeating)?.status, byId.get(repeating)?.due_at], ['pending', next]);
    assert.deepEqual([byId.get(retried)?.status, byId.get(retried)?.last_error], ['pending', '503 Service Unavailable']);
    assert.deepEqual([byId.get(failed)?.status, byId.get(failed)?.last_error], ['failed', '403 Missing Access (50001)']);
    assert.deepEqual(await nextDueAt(db.sql, { table }), retryAt, 'the retry is the next thing to look at');
    assert.equal((await claimDue(db.sql, { table }, new Date(retryAt.getTime() - 1), 60_000, 10)).length, 0, 'not before its retry time');
    assert.deepEqual((await claimDue(db.sql, { table }, retryAt, 60_000, 10)).map((row) => row.id), [retried]);
  });
}

test("the console's lane and Discord's are apart; scheduled messages are Discord's only", async (t) => {
  const db = await createTestDatabase(t);
  const [discord] = await INSERT.reminders(db.sql, 1);
  const [local] = await INSERT.reminders(db.sql, 1, 'console');
  await INSERT.scheduled_messages(db.sql, 1);
  assert.deepEqual(await nextDueAt(db.sql, { table: 'reminders', forConsole: true }), NOW);
  assert.deepEqual((await claimDue(db.sql, { table: 'reminders', forConsole: true }, NOW, 60_000, 10)).map((r) => r.id), [local]);
  assert.deepEqual((await claimDue(db.sql, { table: 'reminders' }, NOW, 60_000, 10)).map((r) => r.id), [discord]);
  assert.equal(await nextDueAt(db.sql, { table: 'scheduled_messages', forConsole: true }), null);
  assert.equal((await claimDue(db.sql, { table: 'scheduled_messages', forConsole: true }, NOW, 60_000, 10)).length, 0);
});
