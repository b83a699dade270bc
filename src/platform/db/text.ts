// What text PostgreSQL can store: not NUL (text and jsonb cannot hold it), and only well-formed
// Unicode (a lone surrogate cannot be encoded as UTF-8).

// String.prototype.isWellFormed is ES2024; this finds what it would refuse.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why `text` cannot be stored, or undefined: for refusing a client's value with a reason. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone surrogate (not valid Unicode)';
  return undefined;
}

/** A NUL or any surrogate: text without one is storable as it is (one scan, for every message). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what it looks for.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

/** `text` with each NUL and lone surrogate replaced by U+FFFD: for input that cannot be refused (a Discord message). */
export function toStorableText(text: string): string {
  if (!MAYBE_UNSTORABLE.test(text)) return text;
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}
