// Changes to custom commands, with the rules every door (API, `/command`, dashboard) must keep: a
// name and its aliases are unique within a guild (or among the global commands; the database holds
// that rule, see command_names), and every change is kept as a version of the command and a row of
// the audit log, in the same transaction as the change, which reads the command under its row lock.
import { type ChangeActor, insertAuditEntry } from '../db/audit.ts';
import {
  type CommandChanges,
  type CustomCommand,
  getCommand,
  getCommandEvenDeleted,
  insertCommand,
  lockCommand,
  type NameTaken,
  type NewCommand,
  nameTakenIn,
  purgeDeletedCommands,
  softDeleteCommand,
  undeleteCommand,
  updateCommand,
} from '../db/commands.ts';
import { type FieldDiff, getCommandVersion, insertCommandVersion, type VersionAction } from '../db/command-versions.ts';
import { inTransaction, type Sql } from '../db/connect.ts';
import { HttpError } from '../http/problem.ts';
import { assertTriggerRoom } from './trigger-limits.ts';

/** How long a deleted command can be restored. */
export const RESTORE_DAYS = 30;

/** The fields a version keeps and a restore puts back. */
const VERSIONED_FIELDS = ['name', 'response', 'responses', 'description', 'aliases', 'cooldown_seconds', 'enabled', 'metadata', 'trigger', 'permissions', 'channel_cooldown_seconds', 'guild_cooldown_seconds'] as const;

export async function createCommand(sql: Sql, input: NewCommand, actor: ChangeActor): Promise<CustomCommand> {
  assertNamesDistinct([input.name, ...input.aliases]);
  return keepingNamesUnique(
    inTransaction(sql, async (tx) => {
      await assertTriggerRoom(tx, input.guild_id, input.trigger, null);
      const created = await insertCommand(tx, input);
      await record(tx, 'create', null, created, actor);
      return created;
    }),
  );
}

export async function changeCommand(sql: Sql, id: string, changes: CommandChanges, actor: ChangeActor): Promise<CustomCommand> {
  return keepingNamesUnique(
    inTransaction(sql, async (tx) => {
      const current = await loadCommand(tx, id, { lock: true });
      assertNamesDistinct([changes.name ?? current.name, ...(changes.aliases ?? current.aliases)]);
      await assertTriggerRoom(tx, current.guild_id, changes.trigger, current.id);
      const updated = await updateCommand(tx, current.id, changes);
      if (!updated) throw notFound(id);
      await record(tx, 'update', current, updated, actor);
      return updated;
    }),
  );
}

/** Soft delete: the command stops answering and frees its name, and can be restored for RESTORE_DAYS. */
export async function removeCommand(sql: Sql, id: string, actor: ChangeActor): Promise<CustomCommand> {
  return inTransaction(sql, async (tx) => {
    const deleted = await softDeleteCommand(tx, id, actor.user_id);
    if (!deleted) throw notFound(id);
    await record(tx, 'delete', deleted, deleted, actor);
    // Deleting is when old deletions are most likely to pile up; no separate job is needed.
    await purgeDeletedCommands(tx, RESTORE_DAYS);
    return deleted;
  });
}

/** Brings back a deleted command; 409 when its name was taken meanwhile, 404 after RESTORE_DAYS. */
export async function undeleteCommandById(sql: Sql, id: string, actor: ChangeActor): Promise<CustomCommand> {
  return keepingNamesUnique(
    inTransaction(sql, async (tx) => {
      const deleted = await loadCommand(tx, id, { deleted: true, lock: true });
      await assertTriggerRoom(tx, deleted.guild_id, deleted.trigger, deleted.id);
      const restored = await undeleteCommand(tx, deleted.id, RESTORE_DAYS);
      if (!restored) throw new HttpError(404, 'COMMAND_NOT_FOUND', `command ${deleted.id} was not deleted in the last ${RESTORE_DAYS} days`);
      await record(tx, 'restore', deleted, restored, actor);
      return restored;
    }),
  );
}

/** Makes the command as it was at `version` (a new version, so the restore can be undone too). */
export async function restoreCommandVersion(sql: Sql, id: string, version: number, actor: ChangeActor): Promise<CustomCommand> {
  return keepingNamesUnique(
    inTransaction(sql, async (tx) => {
      const current = await loadCommand(tx, id, { lock: true });
      const old = await getCommandVersion(tx, current.id, version);
      if (!old) throw new HttpError(404, 'VERSION_NOT_FOUND', `command ${current.id} has no version ${version}`);
      const changes = Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, old.snapshot[field]])) as CommandChanges;
      assertNamesDistinct([changes.name ?? current.name, ...(changes.aliases ?? [])]);
      await assertTriggerRoom(tx, current.guild_id, changes.trigger, current.id);
      const updated = await updateCommand(tx, current.id, changes);
      if (!updated) throw notFound(id);
      await record(tx, 'restore', current, updated, actor, `restored version ${version}`);
      return updated;
    }),
  );
}

/**
 * The command with `id`; 404 COMMAND_NOT_FOUND when there is none (or `id` is not an id).
 * `deleted`: false (default) a live command, true a deleted one, 'either' both.
 * `lock`: hold its row until the transaction `sql` ends, so what is read is what gets changed.
 */
export async function loadCommand(
  sql: Sql,
  id: string | undefined,
  { deleted = false as boolean | 'either', lock = false } = {},
): Promise<CustomCommand> {
  const valid = id !== undefined && /^\d{1,18}$/.test(id);
  const read = lock ? lockCommand : deleted === false ? getCommand : getCommandEvenDeleted;
  const command = valid ? await read(sql, id) : undefined;
  if (!command || (deleted === true && command.deleted_at === null) || (deleted === false && command.deleted_at !== null)) throw notFound(id);
  return command;
}

/** The fields of a command a version keeps. */
export function snapshotOf(command: CustomCommand): Record<string, unknown> {
  return Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, command[field]]));
}

/** The fields that differ between two snapshots. */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldDiff {
  const diff: FieldDiff = {};
  for (const field of VERSIONED_FIELDS) {
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) diff[field] = { from, to };
  }
  return diff;
}

async function record(tx: Sql, action: VersionAction, before: CustomCommand | null, after: CustomCommand, actor: ChangeActor, summary?: string) {
  const snapshot = snapshotOf(after);
  const diff = diffSnapshots(before && snapshotOf(before), snapshot);
  const version = await insertCommandVersion(tx, { command_id: after.id, action, snapshot, diff, actor_id: actor.user_id, source: actor.source });
  await insertAuditEntry(tx, {
    guild_id: after.guild_id,
    actor,
    entity: 'command',
    entity_id: after.id,
    action,
    summary: summary ?? `${action} command "${after.name}" (version ${version.version})`,
    diff,
  });
}

function notFound(id: string | undefined) {
  return new HttpError(404, 'COMMAND_NOT_FOUND', `no command with id ${JSON.stringify(id)}`);
}

/** A name given twice in one command is the caller's mistake, not a clash with another command. */
function assertNamesDistinct(names: string[]) {
  if (names.slice(1).includes(names[0] ?? '')) {
    throw new HttpError(422, 'VALIDATION_FAILED', 'aliases: must not repeat the command name', {
      errors: [{ field: 'aliases', message: 'must not repeat the command name' }],
    });
  }
}

/** `write`, with the database refusing a taken name or alias turned into the 409 naming the field. */
async function keepingNamesUnique<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const taken = nameTakenIn(error);
    throw taken ? nameTakenProblem(taken) : error;
  }
}

function nameTakenProblem({ field, guild_id, name, holder }: NameTaken): HttpError {
  const where = guild_id ? `guild ${guild_id}` : 'the global commands';
  const detail = holder ? `command "${holder.name}" in ${where} already uses the name "${name}"` : `the name "${name}" is taken in ${where}`;
  return new HttpError(409, 'COMMAND_NAME_TAKEN', detail, {
    errors: [{ field, message: holder ? `"${name}" clashes with command "${holder.name}"` : `"${name}" is taken` }],
  });
}
