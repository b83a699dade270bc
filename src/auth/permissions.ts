// Who may manage a guild from the dashboard, by Discord's permission bits:
// https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags
import { PermissionFlagsBits } from 'discord-api-types/v10';

/** True for the guild's owner, and for Administrator or Manage Server in `permissions` (a decimal string). */
export function canManageGuild(guild: { permissions?: string | undefined; owner?: boolean | undefined }): boolean {
  if (guild.owner) return true;
  if (!guild.permissions || !/^\d+$/.test(guild.permissions)) return false;
  const bits = BigInt(guild.permissions);
  return (bits & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild)) !== 0n;
}
