// Who may manage a guild from the dashboard, by Discord's permission bits:
// https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
import { PermissionFlagsBits } from 'discord-api-types/v10';

/** True for the guild's owner, and for Administrator or Manage Server in `permissions` (a decimal string). */
export function canManageGuild(guild: { permissions?: string | undefined; owner?: boolean | undefined }): boolean {
  if (guild.owner) return true;
  if (!guild.permissions || !/^\d+$/.test(guild.permissions)) return false;
  return hasManageGuild(BigInt(guild.permissions));
}

/** Administrator or Manage Server among `bits`. */
export function hasManageGuild(bits: bigint): boolean {
  return (bits & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild)) !== 0n;
}

/**
 * A member's guild-wide permissions: those of @everyone (the role whose id is the guild's) and of
 * each of their roles. https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export function memberPermissions(guildId: string, memberRoleIds: readonly string[], roles: readonly { id: string; permissions: string }[]): bigint {
  let bits = 0n;
  for (const role of roles) if (role.id === guildId || memberRoleIds.includes(role.id)) bits |= BigInt(role.permissions);
  return bits;
}
