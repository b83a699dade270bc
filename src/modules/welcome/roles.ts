// Giving a member roles on join: autoroles (once they are past membership screening) and the roles
// they held when they left. Each is checked first, so the bot does not spend Discord's allowance of
// failed requests on roles it cannot give; one it cannot give is reported in the log and not retried.
// The requests go through the REST client, which paces them per route as Discord asks, so a raid in
// one guild waits on that guild's limit and delays no other guild.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { RoleChecks } from '../../features/roles/assignable.ts';
import type { Logger } from '../../platform/log.ts';

/** What the audit log shows for an autorole. */
export const AUTOROLE_REASON = 'Concord welcome: autorole';

export interface RoleGrant {
  api: API;
  checks: RoleChecks;
  log: Logger;
  guildId: string;
  userId: string;
  /** The roles the member holds now: not given again. */
  held: readonly string[];
  roleIds: readonly string[];
  /** What the audit log shows as the reason. */
  reason: string;
  /** Whether a role the bot cannot give is worth a warning (autoroles) or expected (a managed role restored). */
  warn: boolean;
}

/** Gives the roles the bot can give; returns those given and those refused with why. */
export async function giveRoles(grant: RoleGrant): Promise<{ given: string[]; refused: { roleId: string; reason: string }[] }> {
  const wanted = [...new Set(grant.roleIds)].filter((id) => !grant.held.includes(id));
  if (wanted.length === 0) return { given: [], refused: [] };
  const check = await grant.checks.get(grant.api, grant.guildId);
  const given: string[] = [];
  const refused: { roleId: string; reason: string }[] = [];
  await Promise.all(
    wanted.map(async (roleId) => {
      const why = check.refusal(roleId);
      if (why) return void refused.push({ roleId, reason: why });
      try {
        await grant.api.guilds.addRoleToMember(grant.guildId, grant.userId, roleId, { reason: grant.reason });
        given.push(roleId);
      } catch (error) {
        // They left already: nothing to give.
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return;
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) {
          // The roles changed since they were read: read them afresh next time.
          grant.checks.forget(grant.guildId);
          return void refused.push({ roleId, reason: 'Discord refused it (Missing Permissions): the role is now above the bot, or the bot lost Manage Roles' });
        }
        throw error;
      }
    }),
  );
  for (const { roleId, reason } of refused) {
    const line = { guild: grant.guildId, user: grant.userId, role_id: roleId, reason };
    if (grant.warn) grant.log.warn(line, 'welcome: a role could not be given and will not be retried');
    else grant.log.info(line, 'welcome: a role was not restored');
  }
  return { given, refused };
}
