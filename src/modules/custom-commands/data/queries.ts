// Typed wrappers over commands.sql.

import type { Sql } from '../../../platform/db/connect.ts';
import { namedQueries } from '../../../platform/db/named-queries.ts';
import { DatabaseFault } from '../../../platform/db/pg-errors.ts';
import { exec, many, one } from '../../../platform/db/query.ts';
import type { RichButton, RichEmbed, RichParts } from '../rich.ts';
import text from './commands.sql';

const q = namedQueries(text, [
  'listCommands',
  'getCommand',
  'getCommandEvenDeleted',
  'lockCommand',
  'listCommandsForGuild',
  'guildsWithApplicationCommands',
  'insertCommand',
  'updateCommand',
  'softDeleteCommand',
  'undeleteCommand',
  'listDeletedCommands',
  'purgeDeletedCommands',
  'lockApplicationCommands',
  'countApplicationCommands',
]);

/** Who may run a command: allow and deny lists of role and channel ids (empty: no limit). */
export interface CommandPermissions {
  allow_roles: string[];
  deny_roles: string[];
  allow_channels: string[];
  deny_channels: string[];
}

/** An auto-response: the command answers any guild message that matches, without a prefix. */
export interface CommandTrigger {
  type: 'exact' | 'starts_with' | 'contains' | 'regex';
  pattern: string;
  case_sensitive: boolean;
}

/** A row of `custom_commands`, as the API shows it. */
export interface CustomCommand {
  id: string;
  guild_id: string | null;
  name: string;
  response: string;
  description: string;
  aliases: string[];
  cooldown_seconds: number;
  enabled: boolean;
  use_count: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  metadata: Record<string, unknown>;
  trigger: CommandTrigger | null;
  /** More responses: with any, each use picks one of `response` and these at random. */
  responses: string[];
  permissions: CommandPermissions;
  channel_cooldown_seconds: number;
  guild_cooldown_seconds: number;
  embeds: RichEmbed[];
  buttons: RichButton[];
  /** By index, the embeds and buttons of each of `responses` (may be shorter than it). */
  responses_rich: Partial<RichParts>[];
  /** Also its own slash command (guild commands in their guild, global ones globally). */
  slash: boolean;
  /** Also a context-menu command on messages or members. */
  context: 'message' | 'user' | null;
  deleted_at: Date | null;
  deleted_by: string | null;
}

/** What creating a command sets: the row without what the database fills in. */
export type NewCommand = Pick<
  CustomCommand,
  'guild_id' | 'name' | 'response' | 'description' | 'aliases' | 'cooldown_seconds' | 'enabled' | 'created_by' | 'metadata' | 'trigger' | 'responses' | 'permissions' | 'channel_cooldown_seconds' | 'guild_cooldown_seconds' | 'embeds' | 'buttons' | 'responses_rich' | 'slash' | 'context'
>;

export type CommandChanges = Partial<Omit<NewCommand, 'guild_id' | 'created_by'>>;

export interface CommandFilter {
  guildId?: string | undefined;
  search?: string | undefined;
  afterId?: string | undefined;
  limit: number;
}

type JsonColumn = 'metadata' | 'trigger' | 'permissions' | 'embeds' | 'buttons' | 'responses_rich';
/** A row of a page of commands: its JSON columns are PostgreSQL's text of them, unparsed. */
export type CommandListRow = Omit<CustomCommand, JsonColumn> & Record<Exclude<JsonColumn, 'trigger'>, string> & { trigger: string | null };

export function listCommands(sql: Sql, filter: CommandFilter): Promise<CommandListRow[]> {
  return many(sql, q.listCommands, [filter.guildId ?? null, filter.search ?? null, filter.afterId ?? null, filter.limit]);
}

export async function getCommand(sql: Sql, id: string): Promise<CustomCommand | undefined> {
  return one(sql, q.getCommand, [id]);
}

/** The command `id` even when it is (soft) deleted. */
export async function getCommandEvenDeleted(sql: Sql, id: string): Promise<CustomCommand | undefined> {
  return one(sql, q.getCommandEvenDeleted, [id]);
}

/** The command `id` even when deleted, its row locked until the transaction ends. */
export async function lockCommand(sql: Sql, id: string): Promise<CustomCommand | undefined> {
  return one(sql, q.lockCommand, [id]);
}

/** Every command usable in `guildId` (its own and the global ones), by name. */
export function listCommandsForGuild(sql: Sql, guildId: string | null): Promise<CustomCommand[]> {
  return many(sql, q.listCommandsForGuild, [guildId]);
}

/** Those of `guildIds` with a slash or context-menu command of their own. */
export async function guildsWithApplicationCommands(sql: Sql, guildIds: readonly string[]): Promise<string[]> {
  return (await many<{ guild_id: string }>(sql, q.guildsWithApplicationCommands, [guildIds])).map((row) => row.guild_id);
}

/** A name or alias a write wanted that another command of the guild holds (see nameTakenIn). */
export interface NameTaken {
  /** Which field of the write asked for it. */
  field: 'name' | 'aliases';
  guild_id: string | null;
  name: string;
  /** The command holding it (unknown when it let go of it since). */
  holder: { id: string; name: string } | null;
}

/**
 * The clash behind `error` when it is command_names refusing a name (its trigger raises
 * unique_violation with the field and a JSON detail); undefined for any other error.
 */
export function nameTakenIn(error: unknown): NameTaken | undefined {
  // The query helpers classify it as a conflict first; what the trigger said is in its cause.
  const e = (error instanceof DatabaseFault ? error.cause : error) as { code?: unknown; constraint_name?: unknown; column_name?: unknown; detail?: unknown } | null;
  if (e?.code !== '23505' || e.constraint_name !== 'command_names_pkey' || typeof e.detail !== 'string') return undefined;
  const detail = JSON.parse(e.detail) as { guild_id: string | null; name: string; command_id: string | null; command_name: string | null };
  return {
    field: e.column_name === 'aliases' ? 'aliases' : 'name',
    guild_id: detail.guild_id,
    name: detail.name,
    holder: detail.command_id && detail.command_name ? { id: detail.command_id, name: detail.command_name } : null,
  };
}

export async function insertCommand(sql: Sql, command: NewCommand): Promise<CustomCommand> {
  return (await one<CustomCommand>(sql, q.insertCommand, [
    command.guild_id,
    command.name,
    command.response,
    command.description,
    command.aliases,
    command.cooldown_seconds,
    command.enabled,
    command.created_by,
    command.metadata,
    command.trigger,
    command.responses,
    command.permissions,
    command.channel_cooldown_seconds,
    command.guild_cooldown_seconds,
    command.embeds,
    command.buttons,
    command.responses_rich,
    command.slash,
    command.context,
  ])) as CustomCommand;
}

export async function updateCommand(sql: Sql, id: string, changes: CommandChanges): Promise<CustomCommand | undefined> {
  return one<CustomCommand>(sql, q.updateCommand, [
    id,
    changes.name ?? null,
    changes.response ?? null,
    changes.description ?? null,
    changes.aliases ?? null,
    changes.cooldown_seconds ?? null,
    changes.enabled ?? null,
    changes.metadata ?? null,
    changes.trigger !== undefined,
    changes.trigger ?? null,
    changes.responses ?? null,
    changes.permissions ?? null,
    changes.channel_cooldown_seconds ?? null,
    changes.guild_cooldown_seconds ?? null,
    changes.embeds ?? null,
    changes.buttons ?? null,
    changes.responses_rich ?? null,
    changes.slash ?? null,
    changes.context !== undefined,
    changes.context ?? null,
  ]);
}

export async function softDeleteCommand(sql: Sql, id: string, deletedBy: string | null): Promise<CustomCommand | undefined> {
  return one<CustomCommand>(sql, q.softDeleteCommand, [id, deletedBy]);
}

/** Brings back a command deleted within `days`; undefined when it was not (or longer ago). */
export async function undeleteCommand(sql: Sql, id: string, days: number): Promise<CustomCommand | undefined> {
  return one<CustomCommand>(sql, q.undeleteCommand, [id, days]);
}

/** Commands deleted within `days`, newest deletion first: `guildId` an id, 'global', or undefined (all). */
export function listDeletedCommands(sql: Sql, guildId: string | undefined, days: number): Promise<CustomCommand[]> {
  return many(sql, q.listDeletedCommands, [guildId ?? null, days]);
}

/** Removes for good the commands deleted more than `days` ago. */
export async function purgeDeletedCommands(sql: Sql, days: number): Promise<void> {
  await exec(sql, q.purgeDeletedCommands, [days]);
}

/**
 * How many slash and context-menu commands guild `guildId` (null: global) has besides `exceptId`,
 * after taking the guild's lock on them; run it in the writing transaction.
 */
export async function countApplicationCommands(sql: Sql, guildId: string | null, exceptId: string | null): Promise<{ slash: number; user_context: number; message_context: number }> {
  await exec(sql, q.lockApplicationCommands, [guildId]);
  const row = await one<{ slash: number; user_context: number; message_context: number }>(sql, q.countApplicationCommands, [guildId, exceptId]);
  return row ?? { slash: 0, user_context: 0, message_context: 0 };
}
