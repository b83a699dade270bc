// Turns valibot failures into 400/422 problems that name each invalid field.
import * as v from 'valibot';
import type { FieldError } from '../errors/app-error.ts';
import { HttpError } from './problem.ts';

type Schema = v.GenericSchema;

/** Validates a JSON body; 422 listing each invalid field. */
export function parseBody<S extends Schema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const errors = fieldErrors(result.issues);
  throw new HttpError(422, 'VALIDATION_FAILED', summary(errors), { errors });
}

/** Validates query parameters (given as a plain object); 400 listing each invalid one. */
export function parseQuery<S extends Schema>(schema: S, query: URLSearchParams): v.InferOutput<S> {
  const result = v.safeParse(schema, Object.fromEntries(query));
  if (result.success) return result.output;
  const errors = fieldErrors(result.issues).map((e) => ({ ...e, field: `query.${e.field}` }));
  throw new HttpError(400, 'INVALID_QUERY', summary(errors), { errors });
}

function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({
    field: v.getDotPath(issue) ?? '(body)',
    // strictObject reports an unknown key as "expected never"; say it plainly.
    message: issue.expected === 'never' ? 'is not a known field' : issue.message,
  }));
}

function summary(errors: FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
