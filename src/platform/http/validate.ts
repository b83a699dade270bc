// Turns valibot failures into problems that name each invalid field, in the same words on every
// route: 404 for a path parameter, 400 for the query, 422 for the body.
import * as v from 'valibot';
import type { FieldError } from '../errors/app-error.ts';
import { HttpError } from './problem.ts';

type Schema = v.GenericSchema;

/** Validates a JSON body; 422 listing each invalid field. */
export function parseBody<S extends Schema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const errors = fieldErrors(result.issues, '(body)');
  throw new HttpError(422, 'VALIDATION_FAILED', summary(errors), { errors });
}

/** Validates query parameters (given as a plain object); 400 listing each invalid one. */
export function parseQuery<S extends Schema>(schema: S, query: URLSearchParams): v.InferOutput<S> {
  const result = v.safeParse(schema, Object.fromEntries(query));
  if (result.success) return result.output;
  const errors = fieldErrors(result.issues, 'query', 'query.');
  throw new HttpError(400, 'INVALID_QUERY', summary(errors), { errors });
}

/**
 * Validates path parameters; a malformed one (`/api/commands/abc`) is a 404 naming it, as a path
 * that matches no route: it cannot name anything, and says nothing about what exists.
 */
export function parseParams<S extends Schema>(schema: S, params: Record<string, string>): v.InferOutput<S> {
  const result = v.safeParse(schema, params);
  if (result.success) return result.output;
  const errors = fieldErrors(result.issues, 'path', 'path.');
  throw new HttpError(404, 'NOT_FOUND', summary(errors), { errors });
}

function fieldErrors(issues: readonly v.BaseIssue<unknown>[], whole: string, prefix = ''): FieldError[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    return { field: path === null ? whole : `${prefix}${path}`, message: plainMessage(issue) };
  });
}

/**
 * The schema's own message, or for valibot's defaults ("Invalid value: Expected >=1 but received 0")
 * the words our own messages use, so a check reads the same whichever schema made it.
 */
function plainMessage(issue: v.BaseIssue<unknown>): string {
  // strictObject reports an unknown key as "expected never"; say it plainly.
  if (issue.expected === 'never') return 'is not a known field';
  if (!VALIBOT_DEFAULT.test(issue.message)) return issue.message;
  if (issue.kind === 'schema') {
    if (issue.received === 'undefined') return 'is required';
    const expected = issue.expected ?? '';
    // A picklist or union expects `("a" | "b")`.
    const options = expected.replace(/^\((.*)\)$/, '$1').split(' | ');
    return options.length > 1 ? `must be one of ${options.join(', ')}` : `must be ${TYPE_NAMES[expected] ?? expected}`;
  }
  const requirement = (issue as { requirement?: unknown }).requirement;
  const unit = Array.isArray(issue.input) ? 'items' : 'characters';
  switch (issue.type) {
    case 'min_value':
      return `must be at least ${requirement}`;
    case 'max_value':
      return `must be at most ${requirement}`;
    case 'min_length':
      return `must be at least ${requirement} ${unit}`;
    case 'max_length':
      return `must be at most ${requirement} ${unit}`;
    case 'integer':
      return 'must be a whole number';
    default:
      return `must be ${issue.expected ?? 'valid'}`;
  }
}

/** How valibot words a message no schema gave: `Invalid value: Expected >=1 but received 0`. */
const VALIBOT_DEFAULT = /^Invalid [\w ]+: (?:Expected [\s\S]* but r|R)eceived /;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  Object: 'an object',
  Array: 'an array',
  null: 'null',
};

function summary(errors: FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
