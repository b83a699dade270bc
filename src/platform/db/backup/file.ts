// The backup file: gzip-compressed lines. First a header (JSON); then, per table, a JSON line naming it
// and its columns, its rows in PostgreSQL's COPY text format (copy-text.ts) and a line `\.`; then a JSON
// line per sequence; last a JSON line with the totals. Each value is PostgreSQL's own text for its type
// (bytea as hex, jsonb, arrays, timestamptz with its offset), read back by the column's type, and a row
// never spans lines, so a table of any size streams both ways. A restore reads the lines ungzipped too.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as v from 'valibot';
import { isConnectionError, isPostgresError } from '../pg-errors.ts';

export const FORMAT = 'concord-backup';
export const FORMAT_VERSION = 1;
/** The line after a table's rows (a value `\.` is written `\\.`, so no row is this line). */
export const END_OF_ROWS = '\\.';

/** A failure the operator can act on (no such file, not a backup, a newer schema, a database in use): one line, no stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * The database's refusal (an error it sent: no permission, a read-only server) or its loss, as a
 * BackupError that says what came of it; any other error as it is.
 */
export function databaseFailure(error: unknown, outcome: string): unknown {
  if (error instanceof BackupError || !(error instanceof Error)) return error;
  const cause = error.cause ?? error;
  return isPostgresError(cause) || isConnectionError(cause) ? new BackupError(`${error.message}; ${outcome}`, { cause: error }) : error;
}

const HeaderSchema = v.object({
  format: v.literal(FORMAT),
  format_version: v.pipe(v.number(), v.integer()),
  concord_version: v.string(),
  /** The schema version: every migration applied, in order. */
  migrations: v.array(v.string()),
  created_at: v.string(),
});
export type Header = v.InferOutput<typeof HeaderSchema>;

const Identity = { schema: v.nullable(v.string()), name: v.string() };
const TableSchema = v.object({ table: v.object({ ...Identity, columns: v.array(v.object({ name: v.string(), type: v.string() })) }) });
const SequenceSchema = v.object({ sequence: v.object({ ...Identity, last_value: v.pipe(v.string(), v.regex(/^-?\d+$/)), is_called: v.boolean() }) });
const EndSchema = v.object({ end: v.object({ tables: v.number(), rows: v.number() }) });
export type TableRecord = v.InferOutput<typeof TableSchema>['table'];
export type SequenceRecord = v.InferOutput<typeof SequenceSchema>['sequence'];
type EndRecord = v.InferOutput<typeof EndSchema>['end'];
export type BackupRecord = { table: TableRecord } | { sequence: SequenceRecord } | { end: EndRecord };

/** One record line (a header, table, sequence or end record). */
export function recordLine(record: Header | BackupRecord): Buffer {
  // JSON.stringify escapes every newline inside a string, so the record stays on its line.
  return Buffer.from(`${JSON.stringify(record)}\n`);
}

// A record line is small (the header lists the migrations); past this, the file is not a backup.
const MAX_RECORD_BYTES = 1_048_576;

export interface BackupReader {
  header: Header;
  /** The next record after the header's or a table's rows; undefined at the end of the file. */
  nextRecord(): Promise<BackupRecord | undefined>;
  /** A table's rows, the lines after its record, each as COPY text (see copy-text.ts). */
  rows(): AsyncGenerator<string>;
  close(): void;
}

/** Opens a backup and reads its header; a file that is missing, or not a Concord backup, is a BackupError. */
export async function openBackup(file: string): Promise<BackupReader> {
  const gzipped = await startsWithGzipMagic(file).catch((error: unknown) => {
    throw readFailure(file, error);
  });
  const raw = createReadStream(file);
  // pipeline passes an error of either stream on to the last, where the lines are read.
  const stream: Readable = gzipped ? pipeline(raw, createGunzip(), () => {}) : raw;
  const lines = new LineReader(stream);
  const next = (maxBytes?: number) =>
    lines.next(maxBytes).catch((error: unknown) => {
      throw readFailure(file, error);
    });
  const first = await lines.next(MAX_RECORD_BYTES).catch((error: unknown) => {
    stream.destroy();
    // No short first line (binary, or one huge line): no backup. A gzip stream cut short is a damaged one.
    throw error instanceof LineTooLong ? new BackupError(`${file} is not a Concord backup`) : readFailure(file, error);
  });
  const parsed = v.safeParse(HeaderSchema, parseJson(first));
  if (!parsed.success) {
    stream.destroy();
    throw new BackupError(`${file} is not a Concord backup`);
  }
  const header = parsed.output;
  if (header.format_version > FORMAT_VERSION) {
    stream.destroy();
    throw new BackupError(`${file} was written by a newer Concord (${header.concord_version}, backup format ${header.format_version}): upgrade Concord to restore it`);
  }
  return {
    header,
    async nextRecord() {
      const line = await next(MAX_RECORD_BYTES);
      if (line === undefined) return undefined;
      const record = parseRecord(line);
      if (!record) throw new BackupError(`${file} is damaged: a line where a record should be is not one`);
      return record;
    },
    async *rows() {
      for (;;) {
        const line = await next();
        if (line === undefined) throw new BackupError(`${file} is cut short: it ends inside a table`);
        if (line.length === END_OF_ROWS.length && line.toString() === END_OF_ROWS) return;
        yield line.toString();
      }
    },
    close: () => stream.destroy(),
  };
}

/** The line as JSON; undefined when it is not JSON (or there is no line). */
function parseJson(line: Buffer | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.toString());
  } catch {
    return undefined;
  }
}

function parseRecord(line: Buffer): BackupRecord | undefined {
  const value = parseJson(line);
  for (const schema of [TableSchema, SequenceSchema, EndSchema]) {
    const parsed = v.safeParse(schema, value);
    if (parsed.success) return parsed.output;
  }
  return undefined;
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error',
};

/** A file that cannot be read or written, as the one line an operator needs; other errors as they are. */
export function fileFailure(file: string, error: unknown, verb: 'read' | 'write'): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const problem = typeof code === 'string' ? FILE_PROBLEMS[code] : undefined;
  return problem ? new BackupError(`cannot ${verb} ${file}: ${problem}`) : error;
}

/** A read that failed part-way: the file system's refusal, or a gzip stream cut short or corrupted. */
function readFailure(file: string, error: unknown): unknown {
  return isDamage(error) ? new BackupError(`${file} is damaged or cut short (${error.message})`) : fileFailure(file, error, 'read');
}

function isDamage(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof LineTooLong || (error instanceof Error && typeof code === 'string' && code.startsWith('Z_'));
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

class LineTooLong extends Error {
  override name = 'LineTooLong';
}

/** Splits a byte stream into lines (without their `\n`), holding no more than one line and one chunk. */
export class LineReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #pending: Buffer = Buffer.alloc(0);

  constructor(stream: Readable) {
    this.#chunks = stream[Symbol.asyncIterator]();
  }

  /** The next line, or undefined at the end; one longer than `maxBytes` is an error. */
  async next(maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      const end = this.#pending.indexOf(0x0a);
      if (end !== -1) {
        const tail = this.#pending.subarray(0, end);
        this.#pending = this.#pending.subarray(end + 1);
        if (length + tail.length > maxBytes) throw new LineTooLong(`a line is longer than ${maxBytes} bytes`);
        return parts.length > 0 ? Buffer.concat([...parts, tail]) : tail;
      }
      parts.push(this.#pending);
      length += this.#pending.length;
      if (length > maxBytes) throw new LineTooLong(`a line is longer than ${maxBytes} bytes`);
      const chunk = await this.#chunks.next();
      if (chunk.done) {
        this.#pending = Buffer.alloc(0);
        return length > 0 ? Buffer.concat(parts) : undefined;
      }
      this.#pending = chunk.value;
    }
  }
}
