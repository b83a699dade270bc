// Reading and changing a server's settings. A change is made from the version it was read at: the
// database writes it only over that version, so of two changes made from the same read exactly one
// lands and the other is a 409; the audit log gets each change with its before and after. Who has
// dashboard access is changed only by those who manage the server: an edit role cannot hand itself on.

import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { AppError, invalidField } from '../../platform/errors/app-error.ts';
import { type ChangeActor, insertAuditEntry } from '../audit/queries.ts';
import { type GuildSettings, getGuildSettings, writeGuildSettings } from './queries.ts';
import { defaultSettings, SETTING_FIELDS, type SettingsChanges } from './schema.ts';

/** The guild's settings, the defaults when it never changed any. */
export async function loadSettings(sql: Sql, guildId: string): Promise<GuildSettings> {
  return (await getGuildSettings(sql, guildId)) ?? defaultSettings(guildId);
}

/** What the one changing settings may do beyond editing them. */
export interface SettingsChanger {
  /** Owner, Manage Server or Administrator in the guild, or a global admin: may change the access roles. */
  managesGuild: boolean;
}

/** The settings that say who has dashboard access. */
const ACCESS_FIELDS = ['viewer_role_ids', 'editor_role_ids'] as const;

/**
 * Applies a validated change; a conflict when the settings moved past `changes.version` meanwhile,
 * forbidden when it changes the access roles and `changer` does not manage the guild.
 */
export function changeSettings(sql: Sql, guildId: string, changes: SettingsChanges, actor: ChangeActor, changer: SettingsChanger): Promise<GuildSettings> {
  // @everyone is the role whose id is the guild's: as an edit role it would hand every member the dashboard.
  if (changes.editor_role_ids?.includes(guildId)) throw invalidField('editor_role_ids', '@everyone cannot be an edit role: name the roles that may change things', 'EVERYONE_CANNOT_EDIT');
  return inTransaction(sql, async (tx) => {
    const before = await loadSettings(tx, guildId);
    if (before.version !== changes.version) throw versionConflict(guildId, changes.version, before.version);
    const accessChanges = ACCESS_FIELDS.filter((field) => {
      const wanted = changes[field];
      return wanted !== undefined && !sameIds(wanted, before[field]);
    });
    if (accessChanges.length > 0 && !changer.managesGuild) throw accessForbidden(accessChanges);
    const { version, ...fields } = changes;
    const after = { ...before, ...fields, updated_by: actor.user_id };
    // The version in the WHERE is what keeps parallel changes apart: the read above is not locked.
    const written = await writeGuildSettings(tx, guildId, version, after);
    if (!written) throw versionConflict(guildId, version, undefined);
    const diff = Object.fromEntries(
      SETTING_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(written[field])).map((field) => [field, { from: before[field], to: written[field] }]),
    );
    await insertAuditEntry(tx, {
      guild_id: guildId,
      actor,
      entity: 'settings',
      entity_id: guildId,
      action: 'update',
      summary: Object.keys(diff).length > 0 ? `changed ${Object.keys(diff).join(', ')} (version ${written.version})` : `saved settings unchanged (version ${written.version})`,
      diff,
    });
    return written;
  });
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

function accessForbidden(fields: readonly string[]): AppError {
  const message = 'only the server\'s owner, members with Manage Server or Administrator, and global admins may change who has dashboard access';
  return new AppError('forbidden', 'ACCESS_ROLES_FORBIDDEN', `${fields.join(', ')}: ${message}`, { fields: fields.map((field) => ({ field, message })) });
}

function versionConflict(guildId: string, sent: number, current: number | undefined): AppError {
  const now = current === undefined ? 'another change was saved first' : `they are at version ${current}`;
  return new AppError('conflict', 'SETTINGS_VERSION_CONFLICT', `the settings of guild ${guildId} changed since version ${sent} was read (${now}); reload and apply your change again`, {
    fields: [{ field: 'version', message: 'is not the current version' }],
  });
}
