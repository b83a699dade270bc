// The HTTP edge's errors: HttpError for failures only HTTP has (a bad body, a missing token, a wrong
// method), the one mapping of a transport-neutral AppError to a status, and the RFC 9457
// problem+json rendering of both.
import { AppError, type AppErrorKind, type FieldError } from '../errors/app-error.ts';

/** A failure of the HTTP exchange itself (malformed JSON, 401, 405, 413, 415), with its status. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    detail: string,
    extra: { errors?: readonly FieldError[] | undefined; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }
}

/** The status of each kind; `invalid` is 400 on a read instead (see statusOf). */
export const KIND_STATUS: Record<AppErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  // Out of room is a request that cannot be carried out as sent, not a rate: 422, not 429.
  limit: 422,
  unavailable: 503,
  upstream: 502,
};

/** The status `error` is answered with: on a read (GET, HEAD) a bad value is in the URL, so 400. */
export function statusOf(error: AppError, method: string): number {
  return error.kind === 'invalid' && isRead(method) ? 400 : KIND_STATUS[error.kind];
}

/**
 * `error` as the HTTP edge answers it. An invalid error that could not name its field (the database
 * refusing a value of no named column) is said of the request's input: its query on a read, else its body.
 */
export function httpErrorOf(error: AppError, method: string): HttpError {
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  if (error.kind === 'invalid' && error.fields === undefined) {
    const field = isRead(method) ? 'query' : '(body)';
    return new HttpError(statusOf(error, method), error.code, `${field}: ${error.message}`, { errors: [{ field, message: error.message }], headers });
  }
  return new HttpError(statusOf(error, method), error.code, error.message, { errors: error.fields, headers });
}

/** The AppError a problem+json answer stands for (the API client's way back), or undefined when it is HTTP's own. */
export function appErrorOf(status: number, problem: { code?: string; detail?: string; errors?: FieldError[] }, fallback: string): AppError | undefined {
  // 422 is invalid or limit; both read the same to a user, so invalid stands for either.
  const kind = status === 400 ? 'invalid' : (Object.entries(KIND_STATUS) as [AppErrorKind, number][]).find(([, s]) => s === status)?.[0];
  if (!kind) return undefined;
  return new AppError(kind, problem.code ?? 'API_ERROR', problem.detail ?? fallback, { fields: problem.errors });
}

function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  request_id?: string;
  errors?: readonly FieldError[];
}

/** The problem+json body for `error`; `type` is a stable URN per code, e.g. `urn:concord:problem:not-found`. */
export function toProblem(error: HttpError, instance: string, requestId: string): Problem {
  return {
    type: `urn:concord:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance,
    code: error.code,
    request_id: requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}
