// What no JSON value from a client may hold, wherever it sits: PostgreSQL text and jsonb cannot store
// NUL, a lone surrogate is not Unicode (it cannot be encoded as UTF-8), and nesting past a bound would
// overflow the stack of the first recursive reader (JSON.stringify, the database driver).
import { textProblem } from '../db/text.ts';

export { textProblem };

/** How deep a request body may nest; metadata fields have tighter bounds of their own. */
export const MAX_JSON_DEPTH = 64;

export interface UnsafeJson {
  /** Dotted path to the value, `items.0.metadata.note`; `(body)` for the whole body. */
  field: string;
  message: string;
}

/** The first place in `value` that breaks a rule above, or undefined. Iterative: no recursion to overflow. */
export function findUnsafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): UnsafeJson | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: at, path } = item;
    if (typeof at === 'string') {
      const problem = textProblem(at);
      if (problem) return { field: fieldOf(path), message: problem };
      continue;
    }
    if (at === null || typeof at !== 'object') continue;
    if (path.length >= maxDepth) {
      // The top of the path says which field it is; the rest would be thousands of segments.
      return { field: fieldOf(path.slice(0, 4)), message: `nests deeper than ${maxDepth} levels` };
    }
    for (const [key, inner] of Object.entries(at)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: fieldOf([...path, key]), message: `has a key that ${keyProblem.replace(/^must not contain/, 'contains')}` };
      stack.push({ value: inner, path: [...path, key] });
    }
  }
  return undefined;
}

function fieldOf(path: string[]): string {
  return path.length === 0 ? '(body)' : path.join('.');
}
