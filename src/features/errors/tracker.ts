// Error tracking: every unexpected error in a command, an HTTP handler or a background job goes to
// `error_events` (grouped by fingerprint) with the short id the user was shown. Recording never
// throws: a failure to record is logged, and the original error was logged already.

import { isPostgresError, redactDatabaseError } from '../../platform/db/pg-errors.ts';
import type { Logger } from '../../platform/log.ts';
import { errorType, fingerprintError } from './fingerprint.ts';
import type { ERROR_SOURCES, ErrorOccurrence } from './queries.ts';

export type ErrorSource = (typeof ERROR_SOURCES)[number];

export interface ErrorTracker {
  /** Records one occurrence in the background; `errorId` is the id the user or client saw. */
  track(error: unknown, source: ErrorSource, errorId: string, context: Record<string, unknown>): void;
  /** Resolves when every occurrence tracked so far has been written (or failed). */
  settled(): Promise<void>;
}

export function createErrorTracker(write: (occurrence: ErrorOccurrence) => Promise<unknown>, log: Logger): ErrorTracker {
  // One write at a time, in order: the group's latest id and context are those of the latest error.
  let chain = Promise.resolve();
  return {
    track(error, source, errorId, context) {
      const occurrence = describeOccurrence(error, source, errorId, context);
      chain = chain
        .then(() => write(occurrence))
        .then(
          () => undefined,
          (writeError: unknown) => log.warn({ err: writeError, errorId }, 'could not record the error in error_events'),
        );
    },
    settled: () => chain,
  };
}

function describeOccurrence(original: unknown, source: ErrorSource, errorId: string, context: Record<string, unknown>): ErrorOccurrence {
  // A database error's query parameters are user content: it is recorded by query name and SQLSTATE.
  const error = isPostgresError(original) ? redactDatabaseError(original) : original;
  return {
    fingerprint: fingerprintError(error),
    source,
    error_type: errorType(error),
    message: (error instanceof Error ? error.message : String(error)).slice(0, 2_000),
    stack: (error instanceof Error ? (error.stack ?? '') : String(error)).slice(0, 16_000),
    error_id: errorId,
    context,
  };
}
