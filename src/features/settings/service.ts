// Reading and changing a server's settings. A change is made from the version it was read at: the
// database writes it only over that version, so of two changes made from the same read exactly one
// lands and the other is a 409; the audit log gets each change with its before and after.

import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { type ChangeActor, insertAuditEntry } from '../audit/queries.ts';
import { type GuildSettings, getGuildSettings, writeGuildSettings } from './queries.ts';
import { defaultSettings, SETTING_FIELDS, type SettingsChanges } from './schema.ts';

/** The guild's settings, the defaults when it never changed any. */
export async function loadSettings(sql: Sql, guildId: string): Promise<GuildSettings> {
  return (await getGuildSettings(sql, guildId)) ?? defaultSettings(guildId);
}

/** Applies a validated change; a conflict when the settings moved past `changes.version` meanwhile. */
export function changeSettings(sql: Sql, guildId: string, changes: SettingsChanges, actor: ChangeActor): Promise<GuildSettings> {
  return inTransaction(sql, async (tx) => {
    const before = await loadSettings(tx, guildId);
    if (before.version !== changes.version) throw versionConflict(guildId, changes.version, before.version);
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

function versionConflict(guildId: string, sent: number, current: number | undefined): AppError {
  const now = current === undefined ? 'another change was saved first' : `they are at version ${current}`;
  return new AppError('conflict', 'SETTINGS_VERSION_CONFLICT', `the settings of guild ${guildId} changed since version ${sent} was read (${now}); reload and apply your change again`, {
    fields: [{ field: 'version', message: 'is not the current version' }],
  });
}
