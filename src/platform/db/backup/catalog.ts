// Typed wrappers over catalog.sql: the tables and sequences Concord owns, the order tables load in, and
// the statements that read and write them (their names come quoted from the catalog, never from a file).
import type { Sql } from '../connect.ts';
import { namedQueries } from '../named-queries.ts';
import { exec, many } from '../query.ts';
import text from './catalog.sql';

const q = namedQueries(text, ['listTables', 'listSequences', 'setSequence', 'setTextSettings']);

export interface Column {
  name: string;
  /** As format_type writes it: `bigint`, `text[]`, `timestamp with time zone`. */
  type: string;
}

export interface Table {
  /** null: the connection's own schema, whatever its name; else a module's schema (mod_*). */
  schema: string | null;
  name: string;
  /** `schema.name`, quoted for SQL. */
  qualified: string;
  /** Its columns (generated ones aside): `cast` is the type without its modifier, `quoted` the name for SQL. */
  columns: (Column & { cast: string; quoted: string })[];
  /** The tables (qualified) its foreign keys point at, itself aside. */
  references: string[];
  /** Its own triggers that fire now: `fires` is pg_trigger.tgenabled (O, A or R). */
  triggers: { quoted: string; fires: 'O' | 'A' | 'R' }[];
}

export interface Sequence {
  schema: string | null;
  name: string;
  qualified: string;
}

/** Concord's tables, in the connection's schema and in module schemas. */
export function listTables(sql: Sql): Promise<Table[]> {
  return many<Table>(sql, q.listTables);
}

/** Concord's sequences (its identity columns' among them). */
export function listSequences(sql: Sql): Promise<Sequence[]> {
  return many<Sequence>(sql, q.listSequences);
}

/** A sequence's state: the last value handed out, and whether any was (else the next is last_value itself). */
export async function readSequence(sql: Sql, sequence: Sequence): Promise<{ last_value: string; is_called: boolean }> {
  const [state] = await sql.unsafe<{ last_value: string; is_called: boolean }[]>(`select last_value::text, is_called from ${sequence.qualified}`);
  if (!state) throw new Error(`sequence ${sequence.qualified} has no state`);
  return state;
}

export async function setSequence(sql: Sql, sequence: Sequence, lastValue: string, isCalled: boolean): Promise<void> {
  await exec(sql, q.setSequence, [sequence.qualified, lastValue, isCalled]);
}

/** For the rest of the transaction: values as text that reads back the same on any server. */
export async function setTextSettings(sql: Sql): Promise<void> {
  await exec(sql, q.setTextSettings);
}

/** Whether the table has any row. */
export async function hasRows(sql: Sql, table: Table): Promise<boolean> {
  const [row] = await sql.unsafe<{ found: boolean }[]>(`select exists (select from ${table.qualified}) as found`);
  return row?.found === true;
}

/** Selects the table's rows, each value as its type's text (as COPY writes it). */
export function selectAsText(table: Table): string {
  return `select ${table.columns.map((column) => `${column.quoted}::text`).join(', ')} from ${table.qualified}`;
}

/**
 * Inserts rows given as one text array per column of `columns` (same order), each value read by its
 * column's type, as COPY would read it; identity columns keep the values given.
 */
export function insertFromText(table: Table, columns: readonly string[]): string {
  const targets = columns.map((name) => {
    const column = table.columns.find((candidate) => candidate.name === name);
    if (!column) throw new Error(`${table.qualified} has no column ${name}`);
    return column;
  });
  const values = targets.map((column, i) => `c${i}::${column.cast}`);
  const arrays = targets.map((_, i) => `$${i + 1}::text[]`);
  const aliases = targets.map((_, i) => `c${i}`);
  return `insert into ${table.qualified} (${targets.map((column) => column.quoted).join(', ')}) overriding system value
    select ${values.join(', ')} from unnest(${arrays.join(', ')}) as rows (${aliases.join(', ')})`;
}

/**
 * The tables in an order that loads: each after those its foreign keys point at. Tables in a cycle of
 * foreign keys (none in Concord's schema) keep their place among the rest, by name.
 */
export function loadOrder(tables: readonly Table[]): Table[] {
  const byName = new Map(tables.map((table) => [table.qualified, table]));
  const ordered: Table[] = [];
  const seen = new Set<string>();
  const visit = (table: Table) => {
    if (seen.has(table.qualified)) return;
    seen.add(table.qualified);
    for (const name of table.references) {
      const referenced = byName.get(name);
      if (referenced) visit(referenced);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/** How a table is named to an operator: `custom_commands`, or `mod_polls.votes` in a module's schema. */
export function tableLabel(table: { schema: string | null; name: string }): string {
  return table.schema === null ? table.name : `${table.schema}.${table.name}`;
}
