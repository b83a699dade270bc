// Sends what falls due (reminders, scheduled messages, a ban's end…) exactly once across any number of
// processes: each round claims due rows with FOR UPDATE SKIP LOCKED and a lease, sends them, and records the outcome.
// It sleeps until the next due time (at most the poll interval, to see rows other processes add).
import type { Logger } from '../../platform/log.ts';
import type { Metrics } from '../../platform/metrics/registry.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { describeFailure, isDiscordOrNetworkFailure, isPermanentFailure } from './failures.ts';
import { nextRunAfter } from './recurrence.ts';

/** One table of things that fall due, and how to send one of its rows. */
export interface DeliveryQueue<Row extends DueRow = DueRow> {
  name: string;
  claimDue(now: Date, leaseMs: number, limit: number): Promise<Row[]>;
  nextDueAt(): Promise<Date | null>;
  send(row: Row, lateMs: number): Promise<void>;
  markSent(sent: readonly SentRow[]): Promise<void>;
  retry(id: string, retryAt: Date, error: string): Promise<void>;
  fail(id: string, error: string): Promise<void>;
}

export interface DueRow {
  id: string;
  due_at: Date;
  cron: string | null;
  time_zone: string;
  attempts: number;
}

/** A send to record: `nextDueAt` keeps a repeating row pending until then. */
export interface SentRow {
  id: string;
  sentAt: Date;
  nextDueAt: Date | null;
  lateMs: number;
}

export interface SchedulerOptions {
  queues: DeliveryQueue[];
  clock: Clock;
  log: Logger;
  /** Longest sleep between looks at the tables. */
  pollIntervalMs: number;
  /** Rows claimed (and sent concurrently) per round. */
  batchSize?: number;
  /** How long a claim holds a row; a process that dies mid-send loses it after this. */
  leaseMs?: number;
  /** Told about errors that are bugs rather than Discord or the network saying no. */
  onError?: (error: unknown, context: Record<string, unknown>) => void;
  /** Records how late each sent row went out (the scheduler falling behind). */
  metrics?: Metrics | undefined;
}

export interface Scheduler {
  /** Look now: something was added or changed in this process. */
  wake(): void;
  /** Finishes the sends in flight, then stops. */
  stop(): Promise<void>;
}

/** Attempts before a send that keeps failing for a passing reason is marked failed. */
const MAX_ATTEMPTS = 6;
const BUSY_RETRY_MS = 50;

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { queues, clock, log, pollIntervalMs, batchSize = 250, leaseMs = 120_000 } = options;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  let isStopped = false;
  let isWakeRequested = false;

  /** Sends one row; what to record when it went out, undefined when it failed (recorded here). */
  const deliver = async (queue: DeliveryQueue, row: DueRow): Promise<SentRow | undefined> => {
    const lateMs = Math.max(0, clock.now() - row.due_at.getTime());
    try {
      await queue.send(row, lateMs);
    } catch (error) {
      const reason = describeFailure(error);
      if (!isDiscordOrNetworkFailure(error)) options.onError?.(error, { job: 'scheduler', queue: queue.name, id: row.id });
      if (isPermanentFailure(error) || row.attempts >= MAX_ATTEMPTS) {
        log.warn({ queue: queue.name, id: row.id, reason, attempts: row.attempts }, 'delivery failed for good');
        await queue.fail(row.id, reason);
      } else {
        const retryAt = new Date(clock.now() + backoffMs(row.attempts));
        log.info({ queue: queue.name, id: row.id, reason, retryAt }, 'delivery failed; will retry');
        await queue.retry(row.id, retryAt, reason);
      }
      return undefined;
    }
    // A repeating row's next run follows the later of its due time and now: runs missed while
    // Concord was down are sent once (late), not once per missed run.
    options.metrics?.schedulerLateness.observe({ queue: queue.name }, lateMs / 1_000);
    const next = row.cron ? nextRunAfter(row.cron, row.time_zone, Math.max(row.due_at.getTime(), clock.now())) : null;
    return { id: row.id, sentAt: new Date(clock.now()), nextDueAt: next, lateMs };
  };

  /** Sends everything due; the number of rows claimed. */
  const runRound = async () => {
    let claimed = 0;
    for (const queue of queues) {
      for (;;) {
        const rows = await queue.claimDue(new Date(clock.now()), leaseMs, batchSize);
        claimed += rows.length;
        const sent = (await Promise.all(rows.map((row) => deliver(queue, row)))).filter((row) => row !== undefined);
        if (sent.length > 0) await queue.markSent(sent);
        if (rows.length < batchSize || isStopped) break;
      }
    }
    return claimed;
  };

  const sleepUntilNextDue = async () => {
    const times = await Promise.all(queues.map((queue) => queue.nextDueAt()));
    const next = Math.min(...times.map((at) => at?.getTime() ?? Number.POSITIVE_INFINITY));
    return Math.max(0, Math.min(pollIntervalMs, next - clock.now()));
  };

  const loop = () => {
    timer = undefined;
    isWakeRequested = false;
    round = (async () => {
      let delay = pollIntervalMs;
      try {
        const claimed = await runRound();
        delay = await sleepUntilNextDue();
        // Due but claimed by nobody: another process holds it for the moment; do not spin.
        if (claimed === 0 && delay === 0) delay = BUSY_RETRY_MS;
      } catch (error) {
        // The database went away for a moment: try again after the poll interval.
        log.error({ err: error }, 'scheduler round failed');
        options.onError?.(error, { job: 'scheduler' });
      }
      if (isStopped) return;
      timer = setTimeout(loop, isWakeRequested ? 0 : delay);
    })();
  };

  loop();
  return {
    wake() {
      if (isStopped) return;
      if (timer) {
        clearTimeout(timer);
        timer = setTimeout(loop, 0);
      } else {
        isWakeRequested = true;
      }
    },
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await round;
    },
  };
}

/** 1 s, 2 s, 4 s… up to 5 min, with jitter so processes that failed together retry apart. */
function backoffMs(attempts: number): number {
  const base = Math.min(300_000, 1_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
