// Moderation: warnings, timeouts, kicks, bans (temporary ones ended on time), purges, each a numbered
// case posted to the mod log; the cases are read and changed by command and API.
import { getGuildModule } from '../../features/modules/queries.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { resolveValues, type SettingSpec } from '../../module-kit/settings.ts';
import { deleteUserCases } from './cases.ts';
import { moderationCommands } from './commands.ts';
import { startExpiries } from './expiries.ts';
import { caseRoutes } from './routes.ts';
import schema from './schema.sql';
import type { ModerationSettings } from './service.ts';

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
};

/** How often a process looks for bans that ended (it also sleeps only until the next one). */
const EXPIRY_POLL_MS = 30_000;

// Each process (each app, in tests) has its own context and its own scheduler.

export const moderation = defineModule({
  name: 'moderation',
  description: 'Warnings, timeouts, kicks, bans and purges as numbered cases, with a mod log',
  commands: moderationCommands,
  settings,
  migrations: [{ name: '001-cases', sql: schema }],
  routes: caseRoutes,
  setup(ctx) {
    const { sql } = ctx;
    // The expiry scheduler is this process's instance of the module: teardown stops it.
    if (!sql) return undefined;
    return startExpiries({
      sql,
      discord: () => ctx.discord,
      settingsOf: async (guildId) => resolveValues(settings, (await getGuildModule(sql, guildId, 'moderation'))?.settings ?? {}) as unknown as ModerationSettings,
      log: ctx.log,
      pollIntervalMs: EXPIRY_POLL_MS,
    });
  },
  async teardown(ctx) {
    await ctx.instance?.stop();
  },
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserCases(ctx.sql, userId) : undefined),
});
