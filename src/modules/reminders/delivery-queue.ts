// One delivery queue over a table of things that fall due (reminders, scheduled messages): claim
// due rows with a lease (FOR UPDATE SKIP LOCKED, so any number of processes send each row once),
// record a round of sends, retry or fail one. Each table has its own small .sql file holding the
// same statements by the same names: a prepared statement's table is fixed in its text, and the
// alternative, postgres.js's identifier helper, works only in tagged templates (SQL in TypeScript).

import type { DeliveryQueue, SentRow } from '../../features/scheduling/scheduler.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import { isoTime } from '../../platform/time/iso.ts';
import remindersText from './reminders-queue.sql';
import scheduledMessagesText from './scheduled-messages-queue.sql';

const STATEMENTS = ['claimDue', 'nextDueAt', 'markSent', 'retry', 'fail'] as const;

const TABLES = {
  reminders: namedQueries(remindersText, STATEMENTS),
  scheduled_messages: namedQueries(scheduledMessagesText, STATEMENTS),
};

/** A table the queue runs over. */
export type QueueTable = keyof typeof TABLES;

/** The columns every queued table has. */
export interface QueuedRow {
  id: string;
  channel_id: string;
  content: string;
  due_at: Date;
  cron: string | null;
  time_zone: string;
  status: string;
  attempts: number;
  last_sent_at: Date | null;
  last_late_ms: string | null;
  last_error: string | null;
  created_at: Date;
}

/** A lane of a table: the local console's rows, or Discord's; each lane has its own scheduler. */
export interface QueueLane {
  table: QueueTable;
  forConsole?: boolean;
}

/**
 * The scheduler's queue over a lane of a table, sending each row with `send`: what is sent is all
 * that differs between tables; a row's `cron` is its recurrence in each.
 */
export function tableQueue<Row extends QueuedRow>(
  sql: Sql,
  name: string,
  lane: QueueLane,
  send: (row: Row, lateMs: number) => Promise<void>,
): DeliveryQueue<Row> {
  return {
    name,
    claimDue: (now, leaseMs, limit) => claimDue<Row>(sql, lane, now, leaseMs, limit),
    nextDueAt: () => nextDueAt(sql, lane),
    send,
    markSent: (sent) => markSent(sql, lane.table, sent),
    retry: (id, retryAt, error) => retry(sql, lane.table, id, retryAt, error),
    fail: (id, error) => fail(sql, lane.table, id, error),
  };
}

/** Leases up to `limit` due rows of the lane for `leaseMs`; rows another process holds are skipped. */
export function claimDue<Row extends QueuedRow>(sql: Sql, lane: QueueLane, now: Date, leaseMs: number, limit: number): Promise<Row[]> {
  return many<Row>(sql, TABLES[lane.table].claimDue, [now, leaseMs, limit, lane.forConsole ?? false]);
}

/** The earliest time something in the lane falls due (or a pending retry's); null when nothing is pending. */
export async function nextDueAt(sql: Sql, lane: QueueLane): Promise<Date | null> {
  const row = await one<{ at: Date | null }>(sql, TABLES[lane.table].nextDueAt, [lane.forConsole ?? false]);
  return row?.at ?? null;
}

/** Records a round of sends with one statement. */
export async function markSent(sql: Sql, table: QueueTable, sent: readonly SentRow[]): Promise<void> {
  // Times as ISO text, which `unnest` takes from any driver.
  await exec(sql, TABLES[table].markSent, [
    sent.map((row) => row.id),
    sent.map((row) => isoTime(row.sentAt)),
    sent.map((row) => (row.nextDueAt ? isoTime(row.nextDueAt) : null)),
    sent.map((row) => String(Math.round(row.lateMs))),
  ]);
}

/** Releases the row until `retryAt`, keeping why the send failed. */
export async function retry(sql: Sql, table: QueueTable, id: string, retryAt: Date, error: string): Promise<void> {
  await exec(sql, TABLES[table].retry, [id, retryAt, error]);
}

/** Marks the row failed for good. */
export async function fail(sql: Sql, table: QueueTable, id: string, error: string): Promise<void> {
  await exec(sql, TABLES[table].fail, [id, error]);
}
