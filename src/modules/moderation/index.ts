// Moderation: warnings, timeouts, kicks, bans (temporary ones ended on time), purges, each a numbered
// case posted to the mod log; the cases are read and changed by command and API.
import { getGuildModule } from '../../features/modules/queries.ts';
import { defineModule, type ModuleContext } from '../../module-kit/contract.ts';
import { resolveValues, type SettingSpec } from '../../module-kit/settings.ts';
import type { Sql } from '../../platform/db/connect.ts';
import automodCases from './002-automod.sql';
import nativeRules from './003-automod-rules.sql';
import { type Automod, createAutomod } from './automod.ts';
import { recordNativeBlock } from './automod-rules.ts';
import { nativeRuleHandlers } from './automod-rules-handlers.ts';
import { validateAutomodSettings } from './automod-settings.ts';
import { deleteUserCases } from './cases.ts';
import { moderationCommands } from './commands.ts';
import { startExpiries } from './expiries.ts';
import { caseRoutes } from './routes.ts';
import schema from './schema.sql';
import type { ModerationContext, ModerationSettings } from './service.ts';

// Typed wide, as the built-ins list holds it; ModerationSettings is the shape handlers read.
const settings: Record<string, SettingSpec> = {
  log_channel_id: { type: 'channel', description: 'The mod log: each case is posted here as an embed' },
  dm_users: { type: 'boolean', default: true, description: 'Tell a member by DM before a kick or ban (closed DMs are skipped)' },
  escalation: {
    type: 'list',
    max: 10,
    description: 'Warnings that escalate: when a member reaches `warnings` within `within_days`, the bot takes `action` (for `minutes`, a timeout’s length or a ban’s)',
    fields: {
      warnings: { type: 'integer', min: 1, max: 100, description: 'How many warnings' },
      within_days: { type: 'integer', min: 1, max: 365, description: 'Within how many days' },
      action: { type: 'string', choices: ['timeout', 'kick', 'ban'], description: 'What the bot then does' },
      minutes: { type: 'integer', min: 1, max: 525_600, description: 'A timeout’s length (required, at most 28 days) or a temporary ban’s (empty: for good)' },
    },
  },
  // Automod: no rule set (the default) costs a guild nothing. Words and mentions become native
  // Discord AutoMod rules; patterns, invites and spam are Concord's to enforce.
  automod_blocked_words: {
    type: 'text',
    // Room for Discord's whole keyword list: 1,000 words of 60 characters and their line breaks.
    maxLength: 61_000,
    description: 'Words and phrases to block, one per line (at most 1,000 of 60 characters); `*` at either end matches within words, as in Discord’s AutoMod',
  },
  automod_blocked_patterns: {
    type: 'text',
    maxLength: 5_000,
    description: 'Regular expressions to block, one per line (at most 20 of 260 characters), run by the linear-time engine custom-command triggers use',
  },
  automod_block_invites: { type: 'boolean', default: false, description: 'Block invites to other Discord servers' },
  automod_max_mentions: { type: 'integer', min: 1, max: 50, description: 'Most user and role mentions one message may hold (empty: no limit)' },
  automod_spam_messages: { type: 'integer', min: 2, max: 50, description: 'Spam: this many messages from one member… (empty: no spam rule)' },
  automod_spam_seconds: { type: 'integer', min: 1, max: 120, default: 5, description: '…within this many seconds' },
  automod_action: {
    type: 'string',
    choices: ['delete', 'warn', 'timeout'],
    default: 'delete',
    description: 'What automod does beyond deleting the message: nothing more, a warning (which may escalate) or a timeout',
  },
  automod_timeout_minutes: { type: 'integer', min: 1, max: 40_320, default: 10, description: 'A timeout’s length when the action is `timeout`' },
  automod_exempt_role_ids: { type: 'roles', max: 20, description: 'Members with any of these roles are never acted on (nor those with Manage Messages)' },
  automod_exempt_channel_ids: { type: 'channels', max: 50, description: 'Channels automod leaves alone' },
};

/** Whether the module is on in a guild, and its settings there, as saved now (not this process's copy). */
async function stateOf(sql: Sql, guildId: string): Promise<{ enabled: boolean; settings: ModerationSettings }> {
  const row = await getGuildModule(sql, guildId, 'moderation');
  return { enabled: row?.enabled !== false, settings: resolveValues(settings, row?.settings ?? {}) as unknown as ModerationSettings };
}

/** How often a process looks for bans that ended (it also sleeps only until the next one). */
const EXPIRY_POLL_MS = 30_000;

// Each process (each app, in tests) has its own context, its own scheduler and its own automod state.
interface ModerationInstance {
  expiries: { stop(): Promise<void> };
  automod: Automod;
}

type Context = ModuleContext<Record<string, SettingSpec>, ModerationInstance | undefined>;

function moderationOf(ctx: Context): ModerationContext {
  return { sql: ctx.sql, discord: ctx.discord, settings: ctx.settings as unknown as ModerationSettings, log: ctx.log };
}

function forgetGuild(ctx: Context): void {
  if (ctx.guild) ctx.instance?.automod.forgetGuild(ctx.guild.id);
}

// Blocked words and the mention limit are Discord's own AutoMod rules, kept in step with the settings.
const native = nativeRuleHandlers<ModerationInstance | undefined>(stateOf);

/** A role changed: automod reads permissions again, and the native rules exempt who now has Manage Messages. */
function roleChanged(ctx: Context, data: { guild_id: string }) {
  forgetGuild(ctx);
  return native.sync(ctx, data.guild_id);
}

export const moderation = defineModule({
  name: 'moderation',
  description: 'Warnings, timeouts, kicks, bans and purges as numbered cases, with a mod log',
  commands: moderationCommands,
  settings,
  migrations: [
    { name: '001-cases', sql: schema },
    { name: '002-automod', sql: automodCases },
    { name: '003-automod-rules', sql: nativeRules },
  ],
  routes: caseRoutes,
  setup(ctx): ModerationInstance | undefined {
    const { sql } = ctx;
    // The expiry scheduler and automod's state (its regex worker, spam counts) are this process's
    // instance of the module: teardown stops them. Without the database no case can be made.
    if (!sql) return undefined;
    const expiries = startExpiries({
      sql,
      discord: () => ctx.discord,
      settingsOf: async (guildId) => (await stateOf(sql, guildId)).settings,
      log: ctx.log,
      pollIntervalMs: EXPIRY_POLL_MS,
    });
    return { expiries, automod: createAutomod({ discord: () => ctx.discord, log: ctx.log }) };
  },
  async teardown(ctx) {
    await ctx.instance?.expiries.stop();
    await ctx.instance?.automod.close();
  },
  validateSettings: (_ctx, change) => validateAutomodSettings(change as Partial<ModerationSettings>),
  settingsChanged: native.settingsChanged,
  events: {
    MESSAGE_CREATE: (ctx, message) => ctx.instance?.automod.onMessage(moderationOf(ctx), message),
    // An edit may slip a pattern or an invite into a message that passed.
    MESSAGE_UPDATE: (ctx, message) => ctx.instance?.automod.onEdit(moderationOf(ctx), message),
    // The guilds whose GUILD_CREATEs follow: their native rules' ids are read in one go.
    READY: native.readAhead,
    // The permissions automod reads changed: read them again at the next violation.
    // Settings changed while the bot was away, a native rule deleted by hand: reconciled.
    GUILD_CREATE: native.guildCreated,
    GUILD_UPDATE: forgetGuild,
    GUILD_ROLE_CREATE: roleChanged,
    GUILD_ROLE_UPDATE: roleChanged,
    GUILD_ROLE_DELETE: roleChanged,
    CHANNEL_CREATE: forgetGuild,
    CHANNEL_UPDATE: forgetGuild,
    CHANNEL_DELETE: forgetGuild,
    // A message a native rule blocked: a case, as any automod violation.
    AUTO_MODERATION_ACTION_EXECUTION: (ctx, data) => (ctx.sql ? recordNativeBlock({ ...moderationOf(ctx), sql: ctx.sql }, data) : undefined),
  },
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserCases(ctx.sql, userId) : undefined),
});
