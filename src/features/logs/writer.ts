// The command log's write path: rows are queued in memory and written in batches, so logging
// never delays a reply. A failed write is retried with backoff; past `maxQueue` rows the oldest
// are dropped (counted and warned about) so a long outage cannot exhaust memory. A batch refused as
// invalid (retrying cannot help) is written row by row, and only the rows refused are dropped: one
// bad row must not hold up every row behind it.

import { AppError } from '../../platform/errors/app-error.ts';
import type { Logger } from '../../platform/log.ts';
import type { CommandLogEntry } from './queries.ts';

export interface LogSink {
  record(entry: CommandLogEntry): void;
  /** Writes everything queued; resolves when done or when a write fails. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left, trying for at most `deadlineMs`. */
  close(deadlineMs?: number): Promise<void>;
  stats(): { queued: number; written: number; dropped: number };
}

export interface LogWriterOptions {
  /** Writes one batch; must be idempotent (rows carry event ids), since a retry may repeat it. */
  write(batch: CommandLogEntry[]): Promise<void>;
  log: Logger;
  intervalMs: number;
  batchSize: number;
  maxQueue: number;
  /** First retry delay after a failed write; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export function createLogWriter(options: LogWriterOptions): LogSink {
  const { write, log, intervalMs, batchSize, maxQueue, backoffMs = 500, maxBackoffMs = 30_000 } = options;
  let queue: CommandLogEntry[] = [];
  let written = 0;
  let dropped = 0;
  let failures = 0;
  let retryAt = 0;
  let running: Promise<void> | undefined;
  let droppedInFlight = 0;
  let closed = false;

  // `everything`: a flush that was asked for writes all. The timer's writes what is queued, then
  // only full batches: rows that arrive during a write wait for the next tick, or a busy bot wrote
  // one small INSERT per write's worth of replies (1,400–2,000 per 8,000 replies instead of ~32).
  const drain = async (ignoreBackoff: boolean, everything: boolean) => {
    let first = true;
    while (queue.length > 0 && (everything || first || queue.length >= batchSize)) {
      first = false;
      if (!ignoreBackoff && Date.now() < retryAt) return;
      const batch = queue.slice(0, batchSize);
      let refused = 0;
      try {
        refused = await write(batch).then(
          () => 0,
          (error: unknown) => (isRefusal(error) ? writeEach(batch) : Promise.reject(error)),
        );
      } catch (error) {
        failures++;
        const delay = Math.min(backoffMs * 2 ** (failures - 1), maxBackoffMs);
        retryAt = Date.now() + delay;
        log.warn({ err: error, queued: queue.length, retryInMs: delay }, 'command log write failed; will retry');
        return;
      }
      // Rows dropped while the write was in flight came off the front, where this batch is.
      queue = queue.slice(batch.length - Math.min(batch.length, droppedInFlight));
      droppedInFlight = 0;
      written += batch.length - refused;
      if (failures > 0) log.info({ queued: queue.length }, 'command log writes recovered');
      failures = 0;
      retryAt = 0;
    }
  };

  // Rows written again here that were written before are no harm: writes are idempotent by event id.
  const writeEach = async (batch: CommandLogEntry[]) => {
    let refused = 0;
    for (const row of batch) {
      try {
        await write([row]);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        refused++;
        dropped++;
        // The code and fields say what was wrong; the row's content (user input) stays out of the log.
        log.error({ eventId: row.event_id, code: error.code, fields: error.fields?.map((f) => f.field) }, 'command log row refused as invalid; dropped');
      }
    }
    return refused;
  };

  const flush = (ignoreBackoff = false) => {
    running ??= drain(ignoreBackoff, ignoreBackoff).finally(() => {
      running = undefined;
    });
    return running;
  };

  // Every row recorded before the call, written (a worker acknowledges its events on this). A write
  // under way may be the timer's, which leaves a part batch for its next tick: that one is waited
  // for, then everything is written. Joining it instead lost the part batch when the worker was killed.
  const flushAll = async () => {
    while (running) await running;
    await flush(true);
  };

  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    record(entry) {
      if (closed) return;
      queue.push(entry);
      if (queue.length > maxQueue) {
        // Drop a slice at a time (1% of the queue), so a full queue does not copy itself per row.
        const excess = queue.length - maxQueue + Math.floor(maxQueue / 100);
        queue = queue.slice(excess);
        if (running) droppedInFlight += excess;
        dropped += excess;
        log.warn({ dropped, maxQueue }, 'command log queue full; dropped the oldest rows');
      }
      if (queue.length >= batchSize && !running) setImmediate(() => void flush());
    },
    flush: flushAll,
    async close(deadlineMs = 5_000) {
      closed = true;
      clearInterval(timer);
      const deadline = Date.now() + deadlineMs;
      while (queue.length > 0 && Date.now() < deadline) {
        await flushAll();
        if (queue.length > 0) await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, deadline - Date.now()))));
      }
      if (queue.length > 0) log.error({ lost: queue.length }, 'command log rows not written before shutdown');
    },
    stats: () => ({ queued: queue.length, written, dropped }),
  };
}

/** A write refused for what it holds (a 422 from the API, a data exception): retrying the same rows cannot succeed. */
function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && error.kind === 'invalid';
}
