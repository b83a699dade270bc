// The one error for expected failures, whatever door the request came in by (Sapphire's `UserError`
// is the model): services throw it and know nothing of HTTP; each edge renders it once (the HTTP
// server as problem+json, the bot as a short reply, the API client back into this class).

/** What went wrong, as the caller can act on it; each edge maps a kind to its own answer. */
export const APP_ERROR_KINDS = ['invalid', 'not_found', 'conflict', 'forbidden', 'limit', 'unavailable', 'upstream'] as const;

/**
 * - `invalid`: a value the caller sent breaks a rule (names the fields);
 * - `not_found`: no such thing, or one the caller may not see;
 * - `conflict`: clashes with what exists (a taken name, a changed state);
 * - `forbidden`: the caller may not do this;
 * - `limit`: out of room (a count or size that is full);
 * - `unavailable`: something we need is not configured or not reachable now (try again);
 * - `upstream`: a service we depend on (Discord) answered in a way we cannot use.
 */
export type AppErrorKind = (typeof APP_ERROR_KINDS)[number];

export interface FieldError {
  /** Where the bad value is: `name`, `aliases.1`, or `query.limit`. */
  field: string;
  message: string;
}

export interface AppErrorOptions {
  /** The invalid fields, each with what is wrong with it. */
  fields?: readonly FieldError[] | undefined;
  /** For `unavailable`: when trying again makes sense. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/** An expected failure: a kind, a stable code (`COMMAND_NOT_FOUND`) and a message quoting the bad value. */
export class AppError extends Error {
  override name = 'AppError';
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly fields: readonly FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: AppErrorKind, code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The usual invalid-field error: `field: message`, naming the one field (code VALIDATION_FAILED unless given). */
export function invalidField(field: string, message: string, code = 'VALIDATION_FAILED'): AppError {
  return new AppError('invalid', code, `${field}: ${message}`, { fields: [{ field, message }] });
}
