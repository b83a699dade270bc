// A baseline that runs Concord's own SQL takes it from here: one named query (`-- name: <name>`, up to
// the blank line after it) of a *.sql file under src/, without its comment lines.
import { readFileSync } from 'node:fs';

/** The query `name` in `file`, a path under src/. */
export function namedQuery(file, name) {
  const text = readFileSync(new URL(`../../../src/${file}`, import.meta.url), 'utf8');
  const body = new RegExp(`-- name: ${name}\\n([\\s\\S]*?)\\n\\n`).exec(text)?.[1];
  if (body === undefined) throw new Error(`no query ${name} in src/${file}`);
  return body.split('\n').filter((line) => !line.startsWith('--')).join('\n').replace(/;$/, '');
}
