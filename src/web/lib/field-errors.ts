// Maps the API's validation problems onto the form's fields: `aliases.2` is shown on `aliases`.
import type { FieldError } from './api.ts';

/** The first message for each top-level field; problems without a known field go under `form`. */
export function fieldMessages(errors: readonly FieldError[], fields: readonly string[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const error of errors) {
    const top = error.field.split('.')[0] ?? '';
    const key = fields.includes(top) ? top : 'form';
    const text = key === 'form' && error.field && error.field !== '(body)' ? `${error.field}: ${error.message}` : error.message;
    messages[key] ??= text;
  }
  return messages;
}

/** "a, b ,c" → ["a", "b", "c"]: aliases as the user types them. */
export function parseAliases(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((alias) => alias.trim().toLowerCase())
    .filter(Boolean);
}
