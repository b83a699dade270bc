// Splits a `*.sql` file (beside the queries module that imports it) into its named queries: each starts at a `-- name: camelCaseName` line.

export type NamedQueries<Name extends string> = Readonly<Record<Name, string>>;

/** Parses `text` and checks that it holds exactly the queries `names`, so a typo fails at start-up. */
export function namedQueries<const Name extends string>(text: string, names: readonly Name[]): NamedQueries<Name> {
  const found = parseNamedQueries(text);
  const missing = names.filter((name) => !(name in found));
  const extra = Object.keys(found).filter((name) => !names.includes(name as Name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`named queries out of step: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`);
  }
  for (const [name, sql] of Object.entries(found)) namesBySql.set(sql, name);
  return Object.freeze(found as Record<Name, string>);
}

// Every named query's text → its name, so an error (which carries only the text) can say which query failed.
const namesBySql = new Map<string, string>();

/** The name of the named query whose text is `sql`, or undefined for inline SQL. */
export function queryNameOf(sql: string): string | undefined {
  return namesBySql.get(sql);
}

/** Every named query in `text`, by name. */
export function parseNamedQueries(text: string): Record<string, string> {
  const queries: Record<string, string> = {};
  let name: string | undefined;
  let lines: string[] = [];
  const finish = () => {
    if (name !== undefined) queries[name] = lines.join('\n').trim().replace(/;$/, '');
  };
  for (const line of text.split('\n')) {
    const header = /^--\s*name:\s*(\w+)\s*$/.exec(line);
    if (header) {
      finish();
      name = header[1];
      lines = [];
    } else if (name !== undefined && !/^\s*--/.test(line)) {
      lines.push(line);
    }
  }
  finish();
  return queries;
}
