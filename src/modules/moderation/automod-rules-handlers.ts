// When the native AutoMod rules are synced (automod-rules.ts): after a settings change saved here
// (settingsChanged), and at the events index.ts hands to `sync` and `guildCreated`: each GUILD_CREATE
// (settings changed while the bot was away, a rule deleted by hand in Discord), whose stored rules
// were read ahead at READY (`readAhead`), and each role change (who holds Manage Messages). Without
// the database or Discord in this process, nothing is synced.
import type { GatewayReadyDispatchData } from 'discord-api-types/v10';
import type { ModuleContext, SettingsChange } from '../../module-kit/contract.ts';
import type { SettingSpec } from '../../module-kit/settings.ts';
import { type NativeRulesDeps, readRulesAhead, syncNativeRules } from './automod-rules.ts';
import type { ModerationSettings } from './service.ts';

/** The moderation module's sync of its native rules (`I`: its instance), reading a guild's saved state with `stateOf`. */
export function nativeRuleHandlers<I>(stateOf: NativeRulesDeps['stateOf']) {
  type Context = ModuleContext<Record<string, SettingSpec>, I>;
  // An event reaches the module only where it is on, with the guild's settings: the sync needs no
  // query of its own to see that a guild has no rules to make.
  const sync = (ctx: Context, guildId: string, enabled = true, atGuildCreate = false) => {
    const { sql, discord } = ctx;
    if (!sql || !discord) return undefined;
    return syncNativeRules({ sql, discord, log: ctx.log, stateOf }, guildId, { enabled, settings: ctx.settings as unknown as ModerationSettings }, atGuildCreate);
  };
  const guildCreated = (ctx: Context, guild: { id: string }) => sync(ctx, guild.id, true, true);
  const settingsChanged = (ctx: Context, change: SettingsChange) => (ctx.guild ? sync(ctx, ctx.guild.id, change.enabled) : undefined);
  // The guilds READY lists sync at their GUILD_CREATEs, which follow: their stored rules are read now.
  const readAhead = (ctx: Context, ready: GatewayReadyDispatchData) => {
    if (ctx.sql && ctx.discord) void readRulesAhead(ctx.sql, ready.guilds.map((guild) => guild.id), ctx.log);
  };
  return { sync, guildCreated, settingsChanged, readAhead };
}
