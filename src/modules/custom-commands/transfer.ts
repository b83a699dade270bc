// Moving commands between guilds: export a guild's commands as JSON, import them into another with
// a dry run that lists conflicts before anything is written. An import is one transaction: all of
// it is written or none. A dry run is the same import, rolled back, so it meets every check.
import * as v from 'valibot';
import type { ChangeActor } from '../../features/audit/queries.ts';
import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { AppError, invalidField } from '../../platform/errors/app-error.ts';
import { type CustomCommand, listCommandsForGuild, type NewCommand } from './data/queries.ts';
import { NewCommandSchema } from './schema.ts';
import { changeCommand, createCommand, VERSIONED_FIELDS } from './service.ts';
import { checkTriggerRoom, triggerLimit } from './triggers/trigger-limits.ts';

export const EXPORT_FORMAT = 'concord.commands.v1';

/** An imported command: a new command without its guild or author, validated like one. */
const PortableCommand = v.omit(NewCommandSchema, ['guild_id', 'created_by']);

export const ImportSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT, `must be "${EXPORT_FORMAT}"`),
  /** The guild the file came from: role and channel ids in permissions mean something only there. */
  guild_id: v.nullable(v.string()),
  /** When the export was made; a file Concord wrote imports as it is. */
  exported_at: v.optional(v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 time'))),
  commands: v.pipe(v.array(PortableCommand), v.maxLength(1_000, 'at most 1000 commands')),
});
export type ImportFile = v.InferOutput<typeof ImportSchema>;

export interface ImportOptions {
  dryRun: boolean;
  /** fail: nothing is written when any command conflicts; skip: the others are; overwrite: same names are replaced. */
  onConflict: 'fail' | 'skip' | 'overwrite';
  /** Aborted (the request timed out): the import stops and rolls back. */
  signal?: AbortSignal | undefined;
}

/** What an import did (or, dry, would do): the answer of POST /api/guilds/:guild_id/commands/import. */
export const ImportReportSchema = v.object({
  dry_run: v.boolean(),
  created: v.array(v.string()),
  updated: v.array(v.string()),
  skipped: v.array(v.string()),
  conflicts: v.array(
    v.object({
      name: v.string(),
      existing_id: v.string(),
      existing_name: v.string(),
      /** 'name': a command of that name exists (overwrite replaces it); 'alias': a name or alias meets another's. */
      kind: v.picklist(['name', 'alias']),
    }),
  ),
  /** Things changed on the way in, e.g. permissions dropped because their ids belong to another guild. */
  notes: v.array(v.string()),
});
export type ImportReport = v.InferOutput<typeof ImportReportSchema>;

/** The guild's own commands (not the global ones) in the export format. */
export async function exportCommands(sql: Sql, guildId: string) {
  const commands = (await listCommandsForGuild(sql, guildId)).filter((c) => c.guild_id === guildId);
  return {
    format: EXPORT_FORMAT,
    guild_id: guildId,
    exported_at: new Date().toISOString(),
    commands: commands.map((c) => Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, c[field]]))),
  };
}

/** Imports `file` into `guildId`; with `dryRun`, only says what would happen. */
export async function importCommands(sql: Sql, guildId: string, file: ImportFile, options: ImportOptions, actor: ChangeActor): Promise<ImportReport> {
  try {
    return await inTransaction(
      sql,
      async (tx) => {
        const report = await writeImport(tx, guildId, file, options, actor);
        if (options.dryRun) throw new DryRunDone(report);
        return report;
      },
      { signal: options.signal },
    );
  } catch (error) {
    if (error instanceof DryRunDone) return error.report;
    throw error;
  }
}

/** Thrown to roll a dry run back once it has done everything a real import does. */
class DryRunDone extends Error {
  readonly report: ImportReport;
  constructor(report: ImportReport) {
    super('dry run');
    this.report = report;
  }
}

async function writeImport(tx: Sql, guildId: string, file: ImportFile, options: ImportOptions, actor: ChangeActor): Promise<ImportReport> {
  const existing = (await listCommandsForGuild(tx, guildId)).filter((c) => c.guild_id === guildId);
  const report: ImportReport = { dry_run: options.dryRun, created: [], updated: [], skipped: [], conflicts: [], notes: [] };
  const sameGuild = file.guild_id === guildId;
  const plan: { index: number; input: NewCommand; replaces?: CustomCommand }[] = [];
  const seen = new Set<string>();
  for (const [index, command] of file.commands.entries()) {
    const names = [command.name, ...command.aliases];
    if (names.some((n) => seen.has(n))) throw invalidField('commands', `"${command.name}" repeats a name or alias of the file`);
    for (const n of names) seen.add(n);
    const sameName = existing.find((c) => c.name === command.name);
    const clash = existing.find((c) => c !== sameName && [c.name, ...c.aliases].some((n) => names.includes(n)));
    const conflict = clash ?? sameName;
    if (conflict) report.conflicts.push({ name: command.name, existing_id: conflict.id, existing_name: conflict.name, kind: clash ? 'alias' : 'name' });
    const input: NewCommand = { ...command, guild_id: guildId, created_by: actor.user_id };
    if (!sameGuild && hasIds(input.permissions)) {
      input.permissions = { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] };
      report.notes.push(`${command.name}: permissions dropped; their role and channel ids belong to another guild`);
    }
    if (clash || (sameName && options.onConflict !== 'overwrite')) report.skipped.push(command.name);
    else plan.push({ index, input, ...(sameName ? { replaces: sameName } : {}) });
  }
  // The same limit each save checks, for the whole file at once, so a dry run reports it too.
  const kept = existing.filter((c) => !plan.some((p) => p.replaces === c)).flatMap((c) => (c.trigger ? [c.trigger] : []));
  const tooMany = checkTriggerRoom(kept, plan.flatMap((p) => (p.input.trigger ? [p.input.trigger] : [])));
  if (tooMany) throw triggerLimit(tooMany);
  if (options.onConflict === 'fail' && report.conflicts.length > 0) {
    report.skipped = file.commands.map((c) => c.name);
    if (!options.dryRun) {
      throw new AppError('conflict', 'IMPORT_CONFLICTS', `${report.conflicts.length} commands conflict with this guild's: ${report.conflicts.map((c) => c.name).join(', ')}`);
    }
    return report;
  }
  for (const { index, input, replaces } of plan) {
    // Checked per command: a timed-out import stops here rather than writing on for nobody.
    options.signal?.throwIfAborted();
    try {
      if (replaces) {
        const { guild_id: _guild, created_by: _author, ...changes } = input;
        await changeCommand(tx, replaces.id, changes, actor);
      } else {
        await createCommand(tx, input, actor);
      }
    } catch (error) {
      throw error instanceof AppError ? inFileCommand(error, index, input.name) : error;
    }
    (replaces ? report.updated : report.created).push(input.name);
  }
  return report;
}

/** `error` about one command of the file, pointed at it: `aliases` becomes `commands.3.aliases`. */
function inFileCommand(error: AppError, index: number, name: string): AppError {
  return new AppError(error.kind, error.code, `commands.${index} ("${name}"): ${error.message}`, {
    fields: (error.fields ?? []).map((e) => ({ field: `commands.${index}.${e.field}`, message: e.message })),
    retryAfterSeconds: error.retryAfterSeconds,
  });
}

function hasIds(p: NewCommand['permissions']): boolean {
  return p.allow_roles.length + p.deny_roles.length + p.allow_channels.length + p.deny_channels.length > 0;
}
