// Rows as PostgreSQL's COPY text format writes them (what `psql \copy … from` reads): a row per line,
// its values tab-separated, null as \N, and a backslash, newline, carriage return or tab in a value
// escaped, so no value ever breaks its line. The values are PostgreSQL's own text for each type (::text).

const ESCAPED = /[\\\n\r\t]/;
const ESCAPED_ALL = /[\\\n\r\t]/g;
const ESCAPE: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// What PostgreSQL's COPY writes besides ours; any other escaped character stands for itself.
const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One row as a line of COPY text, with its newline. */
export function encodeRow(values: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? null;
    if (i > 0) line += '\t';
    line += value === null ? '\\N' : ESCAPED.test(value) ? value.replace(ESCAPED_ALL, (c) => ESCAPE[c] ?? c) : value;
  }
  return `${line}\n`;
}

/** A line of COPY text (without its newline) as its values; undefined when it does not hold `columns` values. */
export function decodeRow(line: string, columns: number): (string | null)[] | undefined {
  if (columns === 0) return line === '' ? [] : undefined;
  const fields = line.split('\t');
  if (fields.length !== columns) return undefined;
  return fields.map((field) => (field === '\\N' ? null : field.includes('\\') ? field.replace(/\\(.)/gs, (_, c: string) => UNESCAPE[c] ?? c) : field));
}
