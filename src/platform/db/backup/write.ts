// `bin/app backup FILE`: every table Concord owns as one consistent snapshot (a repeatable-read,
// read-only transaction), streamed a batch of rows at a time through gzip into FILE. It is written
// beside FILE and renamed into place once complete and on disk, so FILE is only ever a whole backup.
import { open, rename, rm } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { VERSION } from '../../version.ts';
import type { Sql } from '../connect.ts';
import { appliedMigrations } from '../migrate.ts';
import { listSequences, listTables, loadOrder, readSequence, selectAsText, setTextSettings, type Table } from './catalog.ts';
import { encodeRow } from './copy-text.ts';
import { BackupError, databaseFailure, END_OF_ROWS, FORMAT, FORMAT_VERSION, fileFailure, type Header, recordLine, type SequenceRecord } from './file.ts';

export interface BackupSummary {
  tables: number;
  rows: number;
  /** The schema version written: the last migration applied. */
  migration: string;
}

/** Writes a backup of the connection's database to `file`, replacing any file there. */
export async function writeBackup(sql: Sql, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  try {
    // Opened first, so a path that cannot be written fails before any work.
    const output = (await open(partial, 'w', 0o600)).createWriteStream();
    let summary: BackupSummary;
    try {
      summary = await sql.begin('isolation level repeatable read read only', (tx) => snapshot(tx as unknown as Sql, output));
    } finally {
      // Closes the file should the snapshot have failed before writing to it; a no-op once written.
      output.destroy();
    }
    await syncToDisk(partial);
    await rename(partial, file);
    return summary;
  } catch (error) {
    await rm(partial, { force: true });
    throw databaseFailure(fileFailure(file, error, 'write'), 'no backup was written');
  }
}

async function snapshot(tx: Sql, output: Writable): Promise<BackupSummary> {
  await setTextSettings(tx);
  const migrations = await appliedMigrations(tx);
  const migration = migrations.at(-1);
  if (migration === undefined) throw new BackupError('the database holds no Concord data (no migration was ever applied): nothing to back up');
  // Parents before the tables that refer to them: the order a restore loads them in.
  const tables = loadOrder(await listTables(tx));
  // Read inside the snapshot, so at least as far on as any id in the rows below.
  const sequences: SequenceRecord[] = [];
  for (const sequence of await listSequences(tx)) sequences.push({ schema: sequence.schema, name: sequence.name, ...(await readSequence(tx, sequence)) });
  const header: Header = { format: FORMAT, format_version: FORMAT_VERSION, concord_version: VERSION, migrations, created_at: new Date().toISOString() };
  const totals = { tables: tables.length, rows: 0 };
  const contents = async function* () {
    yield recordLine(header);
    for (const table of tables) {
      yield recordLine({ table: { schema: table.schema, name: table.name, columns: table.columns.map(({ name, type }) => ({ name, type })) } });
      for await (const rows of readRows(tx, table)) {
        totals.rows += rows.length;
        yield Buffer.from(rows.map(encodeRow).join(''));
      }
      yield Buffer.from(`${END_OF_ROWS}\n`);
    }
    for (const sequence of sequences) yield recordLine({ sequence });
    yield recordLine({ end: totals });
  };
  await pipeline(Readable.from(contents()), createGzip(), output);
  return { ...totals, migration };
}

/**
 * The table's rows, a batch at a time, through a cursor. Not COPY TO STDOUT: postgres.js 3.4 can leave
 * its connection paused for good when the reader of a COPY stream is slower than the server (gzip
 * and a disk are), porsager/postgres#499.
 */
function readRows(tx: Sql, table: Table): AsyncIterable<(string | null)[][]> {
  return tx.unsafe(selectAsText(table)).values().cursor(ROWS_PER_BATCH) as AsyncIterable<(string | null)[][]>;
}

const ROWS_PER_BATCH = 1_000;

async function syncToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
