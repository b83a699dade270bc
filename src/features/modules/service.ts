// Reading and changing a guild's modules. As with settings, a change is made from the version it was
// read at and the database writes it only over that version, so of two parallel changes exactly one
// lands and the other is a 409; the audit log gets each with its before and after.

import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { type ChangeActor, insertAuditEntry } from '../audit/queries.ts';
import { type GuildModule, getGuildModule, writeGuildModule } from './queries.ts';

/** A validated change: the version read, and what to set (`settings`: only the keys given change). */
export interface ModuleChange {
  version: number;
  enabled?: boolean | undefined;
  settings?: Record<string, unknown> | undefined;
}

/** The guild's row for the module, or the row it would have before any change (version 0). */
export async function loadGuildModule(sql: Sql, guildId: string, module: string): Promise<GuildModule> {
  return (await getGuildModule(sql, guildId, module)) ?? { guild_id: guildId, module, enabled: null, settings: {}, version: 0, updated_at: null, updated_by: null };
}

/** Applies the change; a conflict when the module's row moved past `change.version` meanwhile. */
export function changeGuildModule(sql: Sql, guildId: string, module: string, change: ModuleChange, actor: ChangeActor): Promise<GuildModule> {
  return inTransaction(sql, async (tx) => {
    const before = await loadGuildModule(tx, guildId, module);
    if (before.version !== change.version) throw versionConflict(module, change.version, before.version);
    const after = {
      guild_id: guildId,
      module,
      enabled: change.enabled ?? before.enabled,
      settings: { ...before.settings, ...change.settings },
      updated_by: actor.user_id,
    };
    const written = await writeGuildModule(tx, after, change.version);
    if (!written) throw versionConflict(module, change.version, undefined);
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    if (before.enabled !== written.enabled) diff.enabled = { from: before.enabled, to: written.enabled };
    for (const key of Object.keys(change.settings ?? {})) {
      if (JSON.stringify(before.settings[key]) !== JSON.stringify(written.settings[key])) diff[`settings.${key}`] = { from: before.settings[key] ?? null, to: written.settings[key] };
    }
    const changed = Object.keys(diff);
    await insertAuditEntry(tx, {
      guild_id: guildId,
      actor,
      entity: 'module',
      entity_id: module,
      action: 'update',
      summary: changed.length > 0 ? `${module}: changed ${changed.join(', ')} (version ${written.version})` : `${module}: saved unchanged (version ${written.version})`,
      diff,
    });
    return written;
  });
}

function versionConflict(module: string, sent: number, current: number | undefined): AppError {
  const now = current === undefined ? 'another change was saved first' : `it is at version ${current}`;
  return new AppError('conflict', 'MODULE_VERSION_CONFLICT', `module ${module} changed in this guild since version ${sent} was read (${now}); reload and apply your change again`, {
    fields: [{ field: 'version', message: 'is not the current version' }],
  });
}
