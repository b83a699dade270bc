// How the chat edges (bot commands, buttons) say an expected failure: one short sentence, shown to
// the invoker alone. Anything that is not an AppError is unexpected and left to the dispatcher, which
// reports it with an error id.
import { AppError } from './app-error.ts';

/** The reply for `error` when it is an expected failure; undefined when it is not (rethrow it). */
export function failureReply(error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  return `That did not work: ${error.message}.`;
}
