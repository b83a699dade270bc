// Changes to custom commands, with the rules every door (API, `/command`, dashboard) must keep: a
// name and its aliases are unique within a guild (or among the global commands; the database holds
// that rule, see command_names), and every change is kept as a version of the command and a row of
// the audit log, in the same transaction as the change, which reads the command under its row lock.

import { type ChangeActor, insertAuditEntry } from '../../features/audit/queries.ts';
import { BUILT_IN_NAMES } from '../../features/settings/built-in-names.ts';
import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { MAX_CONTEXT_MENU_COMMANDS, MAX_SLASH_COMMANDS } from '../../platform/discord/limits.ts';
import { AppError, invalidField } from '../../platform/errors/app-error.ts';
import { isRowId } from '../../platform/ids.ts';
import {
  type CommandChanges,
  type CustomCommand,
  countApplicationCommands,
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
} from './data/queries.ts';
import { type FieldDiff, getCommandVersion, insertCommandVersion, type VersionAction } from './data/version-queries.ts';
import { assertTriggerRoom } from './triggers/trigger-limits.ts';

/** How long a deleted command can be restored. */
export const RESTORE_DAYS = 30;

/** A command's own fields: what a version keeps and a restore puts back, and what an export carries
 *  (ids, counters and times stay behind). */
export const VERSIONED_FIELDS = [
  'name',
  'response',
  'responses',
  'description',
  'aliases',
  'cooldown_seconds',
  'enabled',
  'metadata',
  'trigger',
  'permissions',
  'channel_cooldown_seconds',
  'guild_cooldown_seconds',
  'embeds',
  'buttons',
  'responses_rich',
  'slash',
  'context',
] as const;

/** What a version made before a field existed had: restoring it puts these back. */
const FIELD_DEFAULTS: Partial<Record<(typeof VERSIONED_FIELDS)[number], unknown>> = { embeds: [], buttons: [], responses_rich: [], slash: false, context: null };

export async function createCommand(sql: Sql, input: NewCommand, actor: ChangeActor): Promise<CustomCommand> {
  assertNamesDistinct([input.name, ...input.aliases]);
  return keepingNamesUnique(
    inTransaction(sql, async (tx) => {
      await assertTriggerRoom(tx, input.guild_id, input.trigger, null);
      assertReplies(input);
      await assertApplicationCommandRoom(tx, input, null);
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
      assertReplies(withChanges(current, changes));
      await assertApplicationCommandRoom(tx, withChanges(current, changes), current.id);
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
      await assertApplicationCommandRoom(tx, deleted, deleted.id);
      const restored = await undeleteCommand(tx, deleted.id, RESTORE_DAYS);
      if (!restored) throw new AppError('not_found', 'COMMAND_NOT_FOUND', `command ${deleted.id} was not deleted in the last ${RESTORE_DAYS} days`);
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
      if (!old) throw new AppError('not_found', 'VERSION_NOT_FOUND', `command ${current.id} has no version ${version}`);
      const changes = Object.fromEntries(VERSIONED_FIELDS.map((field) => [field, old.snapshot[field] ?? FIELD_DEFAULTS[field]])) as CommandChanges;
      assertNamesDistinct([changes.name ?? current.name, ...(changes.aliases ?? [])]);
      await assertTriggerRoom(tx, current.guild_id, changes.trigger, current.id);
      assertReplies(withChanges(current, changes));
      await assertApplicationCommandRoom(tx, withChanges(current, changes), current.id);
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
  const valid = id !== undefined && isRowId(id);
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
  return new AppError('not_found', 'COMMAND_NOT_FOUND', `no command with id ${JSON.stringify(id)}`);
}

/**
 * Every response of the command says something: text, or embeds (a reply of buttons alone is not a
 * message Discord sends); the rich parts of a pool belong to responses that exist. Checked on the
 * row as written, so a change that empties one part of a response is refused like a new command.
 */
function assertReplies(command: Pick<CustomCommand, 'response' | 'responses' | 'embeds' | 'responses_rich'>) {
  const problems: { field: string; message: string }[] = [];
  if (command.response.trim() === '' && command.embeds.length === 0) problems.push({ field: 'response', message: 'must not be empty when the command has no embeds' });
  command.responses.forEach((response, index) => {
    if (response.trim() === '' && (command.responses_rich[index]?.embeds ?? []).length === 0) {
      problems.push({ field: `responses.${index}`, message: 'must not be empty when this response has no embeds' });
    }
  });
  if (command.responses_rich.length > command.responses.length) {
    problems.push({ field: 'responses_rich', message: `has ${command.responses_rich.length} entries for ${command.responses.length} responses` });
  }
  if (problems.length > 0) {
    throw new AppError('invalid', 'VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
  }
}

/**
 * A slash command may not take a built-in's name, and the guild's application commands stay within
 * Discord's limits (the built-ins are global: they count there).
 */
async function assertApplicationCommandRoom(tx: Sql, command: Pick<CustomCommand, 'guild_id' | 'name' | 'slash' | 'context'>, id: string | null) {
  if (!command.slash && !command.context) return;
  if (command.slash && BUILT_IN_NAMES.includes(command.name)) {
    throw new AppError('invalid', 'VALIDATION_FAILED', `slash: "${command.name}" is a built-in command; a slash custom command needs another name`, {
      fields: [{ field: 'slash', message: `"${command.name}" is the name of a built-in command` }],
    });
  }
  const counts = await countApplicationCommands(tx, command.guild_id, id);
  const where = command.guild_id ? `guild ${command.guild_id}` : 'the global commands';
  const slashRoom = MAX_SLASH_COMMANDS - (command.guild_id ? 0 : BUILT_IN_NAMES.length);
  if (command.slash && counts.slash >= slashRoom) {
    throw new AppError('limit', 'SLASH_COMMAND_LIMIT', `${where} already has ${counts.slash} slash custom commands; Discord allows ${MAX_SLASH_COMMANDS} in all`, {
      fields: [{ field: 'slash', message: `at most ${slashRoom} slash custom commands in ${where}` }],
    });
  }
  const contextCount = command.context === 'user' ? counts.user_context : command.context === 'message' ? counts.message_context : 0;
  if (command.context && contextCount >= MAX_CONTEXT_MENU_COMMANDS) {
    throw new AppError('limit', 'CONTEXT_COMMAND_LIMIT', `${where} already has ${contextCount} ${command.context} context-menu commands; Discord allows ${MAX_CONTEXT_MENU_COMMANDS}`, {
      fields: [{ field: 'context', message: `at most ${MAX_CONTEXT_MENU_COMMANDS} ${command.context} context-menu commands in ${where}` }],
    });
  }
}

/** The command as `changes` would leave it (an undefined change leaves a field as it is). */
function withChanges(current: CustomCommand, changes: CommandChanges): CustomCommand {
  return { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
}

/** The 404 for a command id: the same for a missing command and one the caller may not see. */
export const commandNotFound = notFound;

/** A name given twice in one command is the caller's mistake, not a clash with another command. */
function assertNamesDistinct(names: string[]) {
  if (names.slice(1).includes(names[0] ?? '')) {
    throw invalidField('aliases', 'must not repeat the command name');
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

function nameTakenProblem({ field, guild_id, name, holder }: NameTaken): AppError {
  const where = guild_id ? `guild ${guild_id}` : 'the global commands';
  const detail = holder ? `command "${holder.name}" in ${where} already uses the name "${name}"` : `the name "${name}" is taken in ${where}`;
  return new AppError('conflict', 'COMMAND_NAME_TAKEN', detail, {
    fields: [{ field, message: holder ? `"${name}" clashes with command "${holder.name}"` : `"${name}" is taken` }],
  });
}
