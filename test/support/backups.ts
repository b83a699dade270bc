// Checks shared by the backup and restore tests: what a schema holds, and how a refusal looks from
// the CLI (one line, exit code 1, no stack) and from the code (a BackupError).
import assert from 'node:assert/strict';
import { BackupError } from '../../src/platform/db/backup/file.ts';
import { openRestorable, type RestoreSummary, restoreBackup } from '../../src/platform/db/backup/restore.ts';
import type { Sql } from '../../src/platform/db/connect.ts';
import type { CliResult } from './cli.ts';

/** Each table of the connection's schema with its rows (as text, sorted): what must not change. */
export async function contentsOf(sql: Sql): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = current_schema() order by 1`;
  const contents: Record<string, string[]> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ rows: string[] }[]>(`select coalesce(array_agg(t::text order by t::text), '{}') as rows from "${name}" t`);
    contents[name] = row?.rows ?? [];
  }
  return contents;
}

/** Restores `file` into the connection's database as `bin/app restore` does. */
export async function restoreFile(sql: Sql, file: string): Promise<RestoreSummary> {
  return restoreBackup(sql, await openRestorable(file));
}

/** The CLI refused: exit code 1 and one line matching `line` on stderr, no stack. */
export function assertRefused(result: CliResult, line: RegExp): void {
  assert.equal(result.code, 1, `exit code 1: ${result.stdout}${result.stderr}`);
  assert.match(result.stderr, line);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack');
}

/** `work` fails with a BackupError whose message matches `message`. */
export async function assertBackupError(work: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof BackupError, `a BackupError: ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}
