// Which roles the bot may give or take in a guild, by Discord's rules: it needs Manage Roles, and
// never a managed role (a bot's, a booster's or an integration's), @everyone, or one at or above its
// own highest role. Read from REST, so the API (checking a save) and the bot (acting) agree.
import type { API } from '@discordjs/core';
import { type APIRole, PermissionFlagsBits } from 'discord-api-types/v10';
import { AppError } from '../../platform/errors/app-error.ts';
import { notInGuild } from '../guilds/directory.ts';

export interface RoleCheck {
  /** The guild's role by id, if it has it. */
  role(roleId: string): APIRole | undefined;
  /** Why the bot cannot give or take the role, or undefined when it can. */
  refusal(roleId: string): string | undefined;
}

const botIds = new WeakMap<API, Promise<string>>();

/** The bot's own user id, asked once per client. */
function botIdOf(api: API): Promise<string> {
  let id = botIds.get(api);
  if (!id) {
    id = api.users.getCurrent().then((user) => user.id);
    id.catch(() => botIds.delete(api));
    botIds.set(api, id);
  }
  return id;
}

/** Reads the guild's roles and the bot's member there now. */
export async function readRoleCheck(api: API, guildId: string): Promise<RoleCheck> {
  const [roles, botId] = await Promise.all([api.guilds.getRoles(guildId), botIdOf(api)]);
  const bot = await api.guilds.getMember(guildId, botId);
  const byId = new Map(roles.map((role) => [role.id, role]));
  const held = [guildId, ...bot.roles].map((id) => byId.get(id)).filter((role): role is APIRole => role !== undefined);
  const permissions = held.reduce((bits, role) => bits | BigInt(role.permissions), 0n);
  const canManage = (permissions & (PermissionFlagsBits.ManageRoles | PermissionFlagsBits.Administrator)) !== 0n;
  const highest = Math.max(0, ...held.map((role) => role.position));
  return {
    role: (roleId) => byId.get(roleId),
    refusal(roleId) {
      const role = byId.get(roleId);
      if (!role) return `role ${roleId} is not a role of this server`;
      if (role.id === guildId) return '@everyone cannot be given';
      if (role.managed) return `the role ${role.name} is managed by an integration or a bot, so nobody can give it`;
      if (!canManage) return 'the bot lacks the Manage Roles permission';
      if (role.position >= highest) return `the role ${role.name} is at or above the bot's highest role: move the bot's role above it`;
      return undefined;
    },
  };
}

/** The check as Discord has it now, for a save: 503 when Discord cannot be asked. */
export async function roleCheckForSave(api: API | undefined, guildId: string): Promise<RoleCheck> {
  if (!api) throw new AppError('unavailable', 'DISCORD_NOT_CONFIGURED', 'set DISCORD_TOKEN so the roles can be checked against the server');
  try {
    return await readRoleCheck(api, guildId);
  } catch (error) {
    throw notInGuild(error) ?? new AppError('unavailable', 'DISCORD_UNAVAILABLE', 'Discord did not answer with the roles of this server; try again', { retryAfterSeconds: 5, cause: error });
  }
}

/**
 * A guild's check, reused for `ttlMs` so a raid of joins or clicks reads the roles once rather than
 * each time; `forget` drops a guild's copy when its roles change (GUILD_ROLE_UPDATE…).
 */
export function createRoleChecks({ ttlMs = 30_000, now = Date.now }: { ttlMs?: number; now?: () => number } = {}) {
  const cache = new Map<string, { at: number; check: Promise<RoleCheck> }>();
  return {
    get(api: API, guildId: string): Promise<RoleCheck> {
      const hit = cache.get(guildId);
      if (hit && now() - hit.at < ttlMs) return hit.check;
      const check = readRoleCheck(api, guildId);
      check.catch(() => cache.delete(guildId));
      cache.set(guildId, { at: now(), check });
      return check;
    },
    forget(guildId: string): void {
      cache.delete(guildId);
    },
  };
}

export type RoleChecks = ReturnType<typeof createRoleChecks>;
