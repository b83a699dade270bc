// When the native AutoMod rules are synced (automod-rules.ts): after a settings change saved here,
// at each GUILD_CREATE (settings changed while the bot was away, a rule deleted by hand in Discord)
// and when a role changes (a role given or losing Manage Messages changes who is exempt); and where
// Discord's blocks become cases. Without the database or Discord in this process, nothing is synced.
import type { EventHandlers, ModuleContext, SettingsChange } from '../../module-kit/contract.ts';
import type { SettingSpec } from '../../module-kit/settings.ts';
import { type NativeRulesDeps, recordNativeBlock, syncNativeRules } from './automod-rules.ts';
import type { ModerationSettings } from './service.ts';

type StateOf = NativeRulesDeps['stateOf'];

/** The moderation module's events and settings hook for its native rules (`I`: its instance), reading a guild's state with `stateOf`. */
export function nativeRuleHandlers<I>(stateOf: StateOf) {
  // An event reaches the module only where it is on, with the guild's settings: the sync needs no
  // query of its own to see that a guild has no rules to make.
  const sync = (ctx: ModuleContext<Record<string, SettingSpec>, I>, guildId: string, enabled = true) => {
    const { sql, discord } = ctx;
    if (!sql || !discord) return undefined;
    return syncNativeRules({ sql, discord, log: ctx.log, stateOf }, guildId, { enabled, settings: ctx.settings as unknown as ModerationSettings });
  };
  const events: EventHandlers<Record<string, SettingSpec>, I> = {
    GUILD_CREATE: (ctx, guild) => sync(ctx, guild.id),
    GUILD_ROLE_CREATE: (ctx, data) => sync(ctx, data.guild_id),
    GUILD_ROLE_UPDATE: (ctx, data) => sync(ctx, data.guild_id),
    GUILD_ROLE_DELETE: (ctx, data) => sync(ctx, data.guild_id),
    AUTO_MODERATION_ACTION_EXECUTION: (ctx, data) => {
      const { sql } = ctx;
      if (!sql) return undefined;
      return recordNativeBlock({ sql, discord: ctx.discord, settings: ctx.settings as unknown as ModerationSettings, log: ctx.log }, data);
    },
  };
  const settingsChanged = (ctx: ModuleContext<Record<string, SettingSpec>, I>, change: SettingsChange) => (ctx.guild ? sync(ctx, ctx.guild.id, change.enabled) : undefined);
  return { events, settingsChanged };
}
