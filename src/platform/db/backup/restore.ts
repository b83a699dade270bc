// `bin/app restore FILE`: loads a backup into an empty database, all in one transaction. The schema is
// brought to the backup's migration, the rows are loaded (parents first, the tables' own triggers
// off, since their effects are in the backup already), the sequences set, and then this build's later
// migrations applied to them as an upgrade would. Anything failing rolls all of it back.
import { MIGRATIONS_DIR } from '../../paths.ts';
import type { Sql } from '../connect.ts';
import { appliedMigrations, listMigrations, lockMigrations, migrateWithin } from '../migrate.ts';
import { isPostgresError } from '../pg-errors.ts';
import { exec } from '../query.ts';
import { hasRows, insertFromText, listSequences, listTables, setSequence, setTextSettings, type Table, tableLabel } from './catalog.ts';
import { decodeRow } from './copy-text.ts';
import { BackupError, type BackupReader, databaseFailure, type Header, openBackup, type TableRecord } from './file.ts';

export interface RestoreSummary {
  tables: number;
  rows: number;
  /** This build's migrations applied after the rows were loaded (the backup's schema was older). */
  upgraded: string[];
}

// Rows per insert: an insert takes one text array per column.
const ROWS_PER_INSERT = 1_000;
const BYTES_PER_INSERT = 4 * 1_048_576;

/** Refuses a backup whose migrations are not a beginning of this build's (a newer Concord's, or another history). */
function checkSchemaVersion(file: string, header: Header, known: readonly string[]): void {
  header.migrations.forEach((name, i) => {
    if (!known.includes(name)) {
      throw new BackupError(`${file} is from a newer Concord (${header.concord_version}): its migration ${name} is not in this build; upgrade Concord, then restore`);
    }
    if (known[i] !== name) throw new BackupError(`${file} does not share this build's migrations: it has ${name} where this build has ${known[i]}`);
  });
}

/** A backup opened and checked against this build's migrations, ready to restore. */
export interface RestorableBackup {
  file: string;
  reader: BackupReader;
  /** This build's migrations, and where they are. */
  known: string[];
  dir: string;
}

/** Opens `file` and checks that this build can restore it; any refusal is a BackupError. */
export async function openRestorable(file: string, dir = MIGRATIONS_DIR): Promise<RestorableBackup> {
  const reader = await openBackup(file);
  const known = await listMigrations(dir);
  try {
    checkSchemaVersion(file, reader.header, known);
  } catch (error) {
    reader.close();
    throw error;
  }
  return { file, reader, known, dir };
}

/**
 * Runs the modules' migrations in the restoring transaction (their tables are made by their own steps,
 * not by Concord's), once the schema has the table that records them.
 */
export type MigrateModules = (tx: Sql) => Promise<void>;

/** Restores the backup into the connection's database, which must hold no Concord rows. */
export async function restoreBackup(sql: Sql, backup: RestorableBackup, migrateModules?: MigrateModules): Promise<RestoreSummary> {
  try {
    return await sql.begin((tx) => restoreWithin(tx as unknown as Sql, backup, migrateModules));
  } catch (error) {
    throw databaseFailure(error, 'nothing was restored');
  } finally {
    backup.reader.close();
  }
}

async function restoreWithin(tx: Sql, { file, reader, known, dir }: RestorableBackup, migrateModules: MigrateModules | undefined): Promise<RestoreSummary> {
  await setTextSettings(tx);
  // Held to the end: a Concord starting meanwhile waits, then finds the schema up to date.
  await lockMigrations(tx);
  const present = await appliedMigrations(tx);
  const foreign = present.find((name, i) => known[i] !== name);
  if (foreign !== undefined) throw new BackupError(`the database was migrated by another Concord: its migration ${foreign} is not this build's`);
  // Checked before any migration runs: reverting one over rows would be work for nothing.
  for (const table of await listTables(tx)) {
    if (await hasRows(tx, table)) {
      throw new BackupError(`the database is not empty (${tableLabel(table)} has rows): restore into a new database, or a new DATA_DIR, before Concord first starts on it`);
    }
  }
  // An empty schema further on than the backup is taken back to it: its tables must be the backup's.
  await migrateWithin(tx, reader.header.migrations.at(-1), dir);
  // A backup from before modules had tables (no module_migrations yet) has no rows for them either:
  // their migrations then run after the upgrade below.
  const modulesFirst = await hasModuleMigrations(tx);
  if (modulesFirst) await migrateModules?.(tx);

  const tables = new Map((await listTables(tx)).map((table) => [tableLabel(table), table]));
  const sequences = new Map((await listSequences(tx)).map((sequence) => [tableLabel(sequence), sequence]));
  await setTriggers(tx, [...tables.values()], 'disable');
  const loaded = new Set<string>();
  let rows = 0;
  for (;;) {
    const record = await reader.nextRecord();
    if (record === undefined) throw new BackupError(`${file} is cut short: its last record is missing`);
    if ('table' in record) {
      const label = tableLabel(record.table);
      const table = tables.get(label);
      if (!table) throw new BackupError(`${file} does not fit this database: it has a table ${label}, which this database has not`);
      if (loaded.has(label)) throw new BackupError(`${file} is damaged: it has the table ${label} twice`);
      checkColumns(file, record.table, table);
      rows += await loadTable(tx, file, record.table, table, reader.rows());
      loaded.add(label);
    } else if ('sequence' in record) {
      const label = tableLabel(record.sequence);
      const sequence = sequences.get(label);
      if (!sequence) throw new BackupError(`${file} does not fit this database: it has a sequence ${label}, which this database has not`);
      await setSequence(tx, sequence, record.sequence.last_value, record.sequence.is_called);
    } else {
      if (record.end.tables !== loaded.size || record.end.rows !== rows) {
        throw new BackupError(`${file} is damaged: it should hold ${record.end.tables} tables and ${record.end.rows} rows, and holds ${loaded.size} and ${rows}`);
      }
      break;
    }
  }
  await setTriggers(tx, [...tables.values()], 'enable');
  const upgraded = await migrateWithin(tx, known.at(-1), dir);
  if (!modulesFirst) await migrateModules?.(tx);
  return { tables: loaded.size, rows, upgraded };
}

/** The backup's columns must be the table's: same names, same types (any order). */
function checkColumns(file: string, record: TableRecord, table: Table): void {
  const label = tableLabel(record);
  const mismatch = (what: string) => new BackupError(`${file} does not fit this database: ${label}.${what}`);
  for (const column of record.columns) {
    const here = table.columns.find((candidate) => candidate.name === column.name);
    if (!here) throw mismatch(`${column.name} is in the backup, not in this database`);
    if (here.type !== column.type) throw mismatch(`${column.name} is ${column.type} in the backup, ${here.type} in this database`);
  }
  const missing = table.columns.find((column) => !record.columns.some((candidate) => candidate.name === column.name));
  if (missing) throw mismatch(`${missing.name} is in this database, not in the backup`);
}

/** Inserts the table's rows, a batch at a time; returns how many. */
async function loadTable(tx: Sql, file: string, record: TableRecord, table: Table, lines: AsyncIterable<string>): Promise<number> {
  const label = tableLabel(record);
  const insert = insertFromText(table, record.columns.map((column) => column.name));
  let batch: (string | null)[][] = record.columns.map(() => []);
  let batchRows = 0;
  let batchBytes = 0;
  let rows = 0;
  const flush = async () => {
    try {
      await exec(tx, insert, batch);
    } catch (error) {
      // The database refused a row (a file altered by hand, or a value this server reads differently).
      const cause = (error as { cause?: unknown }).cause ?? error;
      if (isPostgresError(cause)) throw new BackupError(`${label} cannot be restored: ${cause.message}`);
      throw error;
    }
    rows += batchRows;
    batch = record.columns.map(() => []);
    batchRows = 0;
    batchBytes = 0;
  };
  for await (const line of lines) {
    const values = decodeRow(line, record.columns.length);
    if (!values) throw new BackupError(`${file} is damaged: a row of ${label} does not hold its ${record.columns.length} values`);
    for (const [i, value] of values.entries()) batch[i]?.push(value);
    batchRows++;
    batchBytes += line.length;
    if (batchRows >= ROWS_PER_INSERT || batchBytes >= BYTES_PER_INSERT) await flush();
  }
  if (batchRows > 0) await flush();
  return rows;
}

/**
 * Turns the tables' own triggers off while the rows load, and back on as they were (the names Concord
 * keeps for its commands, the change notifications): the backup holds their effects already.
 * Foreign keys stay checked; the tables load parents first.
 */
async function setTriggers(tx: Sql, tables: readonly Table[], action: 'disable' | 'enable'): Promise<void> {
  const ENABLE = { O: 'enable trigger', A: 'enable always trigger', R: 'enable replica trigger' } as const;
  for (const table of tables) {
    for (const trigger of table.triggers) {
      await tx.unsafe(`alter table ${table.qualified} ${action === 'disable' ? 'disable trigger' : ENABLE[trigger.fires]} ${trigger.quoted}`);
    }
  }
}

async function hasModuleMigrations(tx: Sql): Promise<boolean> {
  const [row] = await tx<{ present: boolean }[]>`select to_regclass('module_migrations') is not null as present`;
  return row?.present ?? false;
}
