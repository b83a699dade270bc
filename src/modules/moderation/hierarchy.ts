// Who may act on whom, decided before anything is sent: nobody acts on the owner, on themselves or on
// the bot, nor on a member whose highest role is at or above theirs (the owner excepted); the bot
// refuses what its own permissions or highest role cannot do. Each refusal is a whole sentence.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { memberPermissions } from '../../features/auth/permissions.ts';
import { permissionNames } from '../../module-kit/preconditions.ts';
import type { CaseAction } from './cases.ts';

/** The permission each action needs, of the moderator and of the bot (a warning: the moderator's only). */
export const ACTION_PERMISSION: Record<CaseAction, bigint> = {
  warn: PermissionFlagsBits.ModerateMembers,
  timeout: PermissionFlagsBits.ModerateMembers,
  untimeout: PermissionFlagsBits.ModerateMembers,
  kick: PermissionFlagsBits.KickMembers,
  ban: PermissionFlagsBits.BanMembers,
  unban: PermissionFlagsBits.BanMembers,
  purge: PermissionFlagsBits.ManageMessages,
  delete: PermissionFlagsBits.ManageMessages,
};

const VERB: Record<CaseAction, string> = {
  warn: 'warn',
  timeout: 'time out',
  untimeout: 'lift the timeout of',
  kick: 'kick',
  ban: 'ban',
  unban: 'unban',
  purge: 'purge messages of',
  delete: 'delete a message of',
};

export interface GuildView {
  id: string;
  ownerId: string;
  roles: readonly { id: string; position: number; permissions: string }[];
}

/** A member as the checks need them: their role ids (null: not a member of the guild). */
export type MemberRoles = readonly string[] | null;

export interface Parties {
  guild: GuildView;
  action: CaseAction;
  targetId: string;
  target: MemberRoles;
  /** A person acting (a command, the dashboard); absent for a rule (escalation, automod). */
  moderator?: { id: string; roles: MemberRoles };
  bot: { id: string; roles: MemberRoles };
}

/** What stops the action, as a sentence for whoever asked; undefined when it may go ahead. */
export function hierarchyRefusal(p: Parties): { code: string; message: string } | undefined {
  const verb = VERB[p.action];
  const needed = ACTION_PERMISSION[p.action];
  const { guild, moderator } = p;
  if (moderator) {
    if (!holds(guild, moderator.id, moderator.roles, needed)) return { code: 'MEMBER_PERMISSIONS', message: `You need the ${permissionNames(needed)} permission for that.` };
  }
  if (p.action === 'unban') return botLacks(p, needed);
  if (p.targetId === guild.ownerId) return { code: 'TARGET_OWNER', message: `You can't ${verb} the server owner.` };
  if (moderator && p.targetId === moderator.id) return { code: 'TARGET_SELF', message: `You can't ${verb} yourself.` };
  if (p.targetId === p.bot.id) return { code: 'TARGET_BOT', message: `I can't ${verb} myself.` };
  if (moderator && moderator.id !== guild.ownerId && p.target && highest(guild, p.target) >= highest(guild, moderator.roles ?? [])) {
    return { code: 'TARGET_ABOVE_MODERATOR', message: `<@${p.targetId}>'s highest role is at or above yours, so you can't ${verb} them.` };
  }
  if (p.action === 'warn') return undefined;
  const lacks = botLacks(p, needed);
  if (lacks) return lacks;
  if (p.target && highest(guild, p.target) >= highest(guild, p.bot.roles ?? [])) {
    return { code: 'TARGET_ABOVE_BOT', message: `My highest role is not above <@${p.targetId}>'s, so Discord won't let me ${verb} them.` };
  }
  return undefined;
}

function botLacks(p: Parties, needed: bigint): { code: string; message: string } | undefined {
  return holds(p.guild, p.bot.id, p.bot.roles, needed) ? undefined : { code: 'BOT_PERMISSIONS', message: `I need the ${permissionNames(needed)} permission for that.` };
}

/** Whether a member has `permission` guild-wide (the owner and Administrator have all). */
export function holds(guild: GuildView, userId: string, roles: MemberRoles, permission: bigint): boolean {
  if (userId === guild.ownerId) return true;
  const bits = memberPermissions(guild.id, roles ?? [], guild.roles);
  return (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & permission) === permission;
}

/** The position of a member's highest role (@everyone's, 0, when they have none). */
function highest(guild: GuildView, roles: readonly string[]): number {
  return Math.max(0, ...guild.roles.filter((role) => roles.includes(role.id)).map((role) => role.position));
}
