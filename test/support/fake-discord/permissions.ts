// Guild permission maths as Discord does it, without channel overwrites:
// https://discord.com/developers/docs/topics/permissions#permission-overwrites
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { FakeGuild } from './state.ts';

export const allPermissions: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What a fresh guild's @everyone role may do, close to Discord's default. */
export const defaultEveryonePermissions: bigint =
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.UseApplicationCommands;

/** A member's guild-level permissions as the decimal string Discord sends. */
export function memberPermissions(guild: FakeGuild, userId: string): string {
  if (guild.owner_id === userId) return allPermissions.toString();
  const member = guild.members.find((m) => m.user.id === userId);
  const roleIds = new Set([guild.id, ...(member?.roles ?? [])]);
  let permissions = 0n;
  for (const role of guild.roles) if (roleIds.has(role.id)) permissions |= BigInt(role.permissions);
  if (permissions & PermissionFlagsBits.Administrator) return allPermissions.toString();
  return permissions.toString();
}
