// Welcome: a greeting when a member joins (in a channel, as an embed if asked, and by DM), a message
// when one leaves, autoroles (for members, or for bots) once past membership screening, and the roles
// a member held when they left given back when they return. Greetings in a burst are combined.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type APIUser, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { createRoleChecks, roleCheckForSave } from '../../features/roles/assignable.ts';
import type { Scheduler } from '../../features/scheduling/scheduler.ts';
import { defineModule, type ModuleContext } from '../../module-kit/contract.ts';
import type { SettingProblem } from '../../module-kit/settings.ts';
import { renderTemplate } from '../../platform/template/template.ts';
import { cancelDelayedAutoroles, deleteUserDelayedAutoroles, scheduleDelayedAutoroles, startDelayedAutoroles } from './autoroles.ts';
import { createGreeter } from './greetings.ts';
import { addPending, deleteUserData, markLeft, migrations, rememberRoles, takePending, takeRolesAtLeave } from './queries.ts';
import { AUTOROLE_REASON, giveRoles } from './roles.ts';

const settings = {
  join_channel_id: { type: 'channel', description: 'Where new members are greeted (none: no greeting)' },
  join_message: {
    type: 'text',
    description: 'The greeting: {user} (their name), {user.mention}, {guild}, {member_count} and the custom-command placeholders',
    default: 'Welcome to {guild}, {user.mention}! You are member #{member_count}.',
  },
  join_embed: { type: 'boolean', description: 'Send the greeting as an embed' },
  dm_message: { type: 'text', description: 'Sent to new members by DM (none: no DM); members with DMs closed are skipped' },
  leave_channel_id: { type: 'channel', description: 'Where departures are announced (none: not announced)' },
  leave_message: { type: 'text', description: 'The departure message: the same placeholders; it pings nobody', default: '{user} has left {guild}.' },
  autorole_ids: { type: 'roles', description: 'Roles given to members who join, once past membership screening', max: 10 },
  bot_autorole_ids: { type: 'roles', description: 'Roles given to bots that join, instead', max: 10 },
  autorole_delay_seconds: { type: 'integer', description: 'Seconds to wait before giving autoroles', default: 0, min: 0, max: 3_600 },
  restore_roles: { type: 'boolean', description: 'Give back the roles members held when they left (a mute role they left to shed…)' },
} as const;

/** How often a process looks for delayed autoroles other processes scheduled (it also sleeps only until the next one here). */
const DELAYED_POLL_MS = 30_000;

type Settings = typeof settings;
type Ctx = ModuleContext<Settings, Scheduler | undefined>;

// One per process, as the module is: the bursts waiting to be posted and the guilds' roles read recently.
const greeter = createGreeter();
const checks = createRoleChecks();

export const welcome = defineModule({
  name: 'welcome',
  description: 'Greetings on join and leave, autoroles, and roles given back on return',
  settings,
  migrations,
  setup(ctx) {
    // The delayed-autorole scheduler is this process's instance of the module: teardown stops it.
    if (!ctx.sql) return undefined;
    return startDelayedAutoroles({ sql: ctx.sql, discord: () => ctx.discord, checks, log: ctx.log, pollIntervalMs: DELAYED_POLL_MS });
  },
  async teardown(ctx) {
    await ctx.instance?.stop();
    await greeter.flushAll();
  },
  async validateSettings(ctx, change) {
    const keys = (['autorole_ids', 'bot_autorole_ids'] as const).filter((key) => (change[key]?.length ?? 0) > 0);
    if (keys.length === 0 || !ctx.guild) return [];
    const check = await roleCheckForSave(ctx.discord, ctx.guild.id);
    const problems: SettingProblem[] = [];
    for (const key of keys) {
      change[key]?.forEach((roleId, i) => {
        const why = check.refusal(roleId);
        if (why) problems.push({ field: `${key}.${i}`, message: `the bot cannot give this role: ${why}` });
      });
    }
    return problems;
  },
  events: {
    async GUILD_MEMBER_ADD(ctx, member) {
      if (!ctx.guild || !ctx.discord) return;
      const { discord: api, guild, settings: s } = ctx;
      const user = member.user;
      const displayName = member.nick ?? user.global_name ?? user.username;
      if (s.join_channel_id && s.join_message) {
        greeter.add(api, ctx.log, { guildId: guild.id, channelId: s.join_channel_id, template: s.join_message, embed: s.join_embed, ping: true, user: { id: user.id, displayName } });
      }
      if (s.dm_message && !user.bot) void sendDm(ctx, api, user, displayName, s.dm_message);
      const restored = s.restore_roles && ctx.sql ? await takeRolesAtLeave(ctx.sql, guild.id, user.id) : [];
      if (restored.length > 0) void grant(ctx, api, user.id, member.roles, restored, 'Concord welcome: roles held when they left', false);
      const autoroles = user.bot ? s.bot_autorole_ids : s.autorole_ids;
      if (autoroles.length === 0) return;
      // Still in membership screening: the autoroles wait until they pass it (GUILD_MEMBER_UPDATE).
      if (member.pending && ctx.sql) await addPending(ctx.sql, guild.id, user.id);
      else await scheduleAutoroles(ctx, api, user.id, member.roles, autoroles);
    },
    async GUILD_MEMBER_UPDATE(ctx, member) {
      if (!ctx.guild || !ctx.sql || !ctx.discord) return;
      // The bot's own roles decide which roles it can give.
      if (member.user.bot) checks.forget(ctx.guild.id);
      if (ctx.settings.restore_roles) await rememberRoles(ctx.sql, ctx.guild.id, member.user.id, member.roles);
      if (member.pending !== true && (await takePending(ctx.sql, ctx.guild.id, member.user.id))) {
        await scheduleAutoroles(ctx, ctx.discord, member.user.id, member.roles, member.user.bot ? ctx.settings.bot_autorole_ids : ctx.settings.autorole_ids);
      }
    },
    async GUILD_MEMBER_REMOVE(ctx, { user }) {
      if (!ctx.guild || !ctx.discord) return;
      const { leave_channel_id: channelId, leave_message: template } = ctx.settings;
      if (channelId && template) {
        greeter.add(ctx.discord, ctx.log, { guildId: ctx.guild.id, channelId, template, embed: false, ping: false, user: { id: user.id, displayName: user.global_name ?? user.username } });
      }
      if (!ctx.sql) return;
      await takePending(ctx.sql, ctx.guild.id, user.id);
      await cancelDelayedAutoroles(ctx.sql, ctx.guild.id, user.id);
      if (ctx.settings.restore_roles) await markLeft(ctx.sql, ctx.guild.id, user.id);
    },
    GUILD_ROLE_CREATE: (ctx) => void (ctx.guild && checks.forget(ctx.guild.id)),
    GUILD_ROLE_UPDATE: (ctx) => void (ctx.guild && checks.forget(ctx.guild.id)),
    GUILD_ROLE_DELETE: (ctx) => void (ctx.guild && checks.forget(ctx.guild.id)),
  },
  deleteUserData: async (ctx, userId) => (ctx.sql ? (await deleteUserData(ctx.sql, userId)) + (await deleteUserDelayedAutoroles(ctx.sql, userId)) : undefined),
});

/** Autoroles now, or recorded to be given after the guild's delay (by the scheduler, restarts or not). */
async function scheduleAutoroles(ctx: Ctx, api: API, userId: string, held: readonly string[], roleIds: readonly string[]): Promise<void> {
  if (roleIds.length === 0 || !ctx.guild) return;
  const delay = ctx.settings.autorole_delay_seconds ?? 0;
  // Without the database a delay could not outlive the process: the roles are given at once.
  if (delay <= 0 || !ctx.sql) {
    void grant(ctx, api, userId, held, roleIds, AUTOROLE_REASON, true);
    return;
  }
  await scheduleDelayedAutoroles(ctx.sql, { guildId: ctx.guild.id, userId, roleIds, dueAt: new Date(Date.now() + delay * 1_000) });
  ctx.instance?.wake();
}

/**
 * Gives roles without holding up the event: in a raid the REST client queues them at Discord's pace,
 * longer than a handler may run.
 */
async function grant(ctx: Ctx, api: API, userId: string, held: readonly string[], roleIds: readonly string[], reason: string, warn: boolean): Promise<void> {
  const guildId = ctx.guild?.id;
  if (!guildId) return;
  try {
    await giveRoles({ api, checks, log: ctx.log, guildId, userId, held, roleIds, reason, warn });
  } catch (error) {
    ctx.log.error({ err: error, guild: guildId, user: userId }, 'welcome: giving roles failed');
  }
}

async function sendDm(ctx: Ctx, api: API, user: APIUser, displayName: string, template: string): Promise<void> {
  try {
    const guild = await api.guilds.get(ctx.guild?.id ?? '');
    const { content } = renderTemplate(template.replaceAll('{member_count}', ''), { user: { id: user.id, displayName }, channel: null, guild: { name: guild.name }, args: [], uses: 0 });
    const dm = await api.users.createDM(user.id);
    await api.channels.createMessage(dm.id, { content, allowed_mentions: { parse: [] } });
  } catch (error) {
    // Their DMs are closed to the bot: skipped quietly, as they chose.
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return;
    ctx.log.warn({ err: error, guild: ctx.guild?.id, user: user.id }, 'welcome: the DM could not be sent');
  }
}
