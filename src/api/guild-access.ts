// What a dashboard user may do in each of their guilds *now*: Manage Server or Administrator from
// their current roles (or ownership) is edit access; a role the guild's settings list for the
// dashboard is read-only or edit access. Member and roles come from the guild directory's short-lived
// copies, so a role or permission removed at Discord takes effect within its TTL (a minute).

import { hasManageGuild } from '../features/auth/permissions.ts';
import type { ManagedGuild } from '../features/auth/session-queries.ts';
import type { GuildDirectory } from '../features/guilds/directory.ts';
import { listDashboardRoles } from '../features/settings/queries.ts';
import type { AccessibleGuild } from '../module-kit/principal.ts';
import type { Sql } from '../platform/db/connect.ts';
import type { Logger } from '../platform/log.ts';

/** The guilds among a session's (as stored at login) the user may use now. */
export type GuildAccess = (userId: string, guilds: readonly ManagedGuild[]) => Promise<AccessibleGuild[]>;

export function createGuildAccess({ sql, directory, log }: { sql: Sql; directory: GuildDirectory; log?: Logger | undefined }): GuildAccess {
  return async (userId, guilds) => {
    // Sessions from before dashboard roles kept only the guilds managed at login.
    const managedAtLogin = (g: ManagedGuild) => g.manages !== false;
    const asAtLogin = guilds.filter(managedAtLogin).map((g) => ({ ...g, access: 'edit' as const, manages: true }));
    // Without a bot token, or without the bot in a guild, Discord cannot be asked: login decides
    // (and a guild without the bot only offers to invite it).
    const present = await directory.botGuildIds().catch(() => null);
    if (!present) return asAtLogin;
    const roles = await listDashboardRoles(
      sql,
      guilds.filter((g) => present.has(g.id)).map((g) => g.id),
    );
    const decided = await Promise.all(
      guilds.map(async (guild): Promise<AccessibleGuild | null> => {
        if (!present.has(guild.id)) return managedAtLogin(guild) ? { ...guild, access: 'edit', manages: true } : null;
        const dashboardRoles = roles.get(guild.id);
        // Nothing but Manage Server could give access here, and they had none at login.
        if (!managedAtLogin(guild) && !dashboardRoles) return null;
        try {
          const member = await directory.currentMember(guild.id, userId);
          if (!member) return null;
          if (member.isOwner || hasManageGuild(member.permissions)) return { ...guild, access: 'edit', manages: true };
          const holds = (ids: readonly string[] = []) => ids.some((id) => member.roleIds.includes(id));
          if (holds(dashboardRoles?.editor_role_ids)) return { ...guild, access: 'edit', manages: false };
          if (holds(dashboardRoles?.viewer_role_ids)) return { ...guild, access: 'read', manages: false };
          return null;
        } catch (error) {
          // Discord is unreachable for now: what login said, as before dashboard roles existed.
          log?.warn({ err: error, guild: guild.id }, 'could not read current roles from Discord; using the guilds managed at login');
          return managedAtLogin(guild) ? { ...guild, access: 'edit', manages: true } : null;
        }
      }),
    );
    return decided.filter((g): g is AccessibleGuild => g !== null);
  };
}
