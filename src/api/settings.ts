// /api/guilds/:guild_id/settings: a server's prefix, turned-off built-ins, default time zone and
// dashboard roles; PATCH changes some of them from the version read (409 when another came first).
import { BUILT_IN_NAMES } from '../custom-commands/application-commands.ts';
import type { Sql } from '../db/connect.ts';
import type { GuildSettings } from '../db/guild-settings.ts';
import { parseBody } from '../http/validate.ts';
import { ALWAYS_ON, SettingsChangesSchema, SettingsOut } from '../settings/schema.ts';
import { changeSettings, loadSettings } from '../settings/service.ts';
import { guildOf } from './access.ts';
import { actorOf } from './commands.ts';
import type { ApiRoute } from './route.ts';

export interface SettingsRouteOptions {
  /** COMMAND_PREFIX: what a null prefix means. */
  defaultPrefix: string;
  /** Told after every change, so this process's cached copy goes at once (NOTIFY tells the others). */
  onChange(guildId: string): void;
}

export function settingsRoutes(sql: Sql, { defaultPrefix, onChange }: SettingsRouteOptions): ApiRoute[] {
  const present = (settings: GuildSettings) => ({
    ...settings,
    defaults: { prefix: defaultPrefix, time_zone: 'UTC' },
    built_in_commands: BUILT_IN_NAMES.filter((name) => !(ALWAYS_ON as readonly string[]).includes(name)),
  });
  return [
    {
      method: 'GET',
      path: '/api/guilds/:guild_id/settings',
      summary: "A guild's settings (null prefix and time zone: the defaults given alongside)",
      tag: 'settings',
      responses: {
        200: { description: 'the settings; version 0 until the first change', schema: SettingsOut },
        403: { description: 'not a guild the caller manages' },
        404: { description: 'not a guild id' },
      },
      handler: async (ctx) => ({ headers: { 'cache-control': 'no-store' }, body: present(await loadSettings(sql, guildOf(ctx))) }),
    },
    {
      method: 'PATCH',
      path: '/api/guilds/:guild_id/settings',
      summary: 'Change some settings of a guild, from the `version` read; recorded in the audit log',
      tag: 'settings',
      body: SettingsChangesSchema,
      responses: {
        200: { description: 'the settings after the change', schema: SettingsOut },
        403: { description: 'not a guild the caller manages' },
        404: { description: 'not a guild id' },
        409: { description: 'the settings changed since `version` was read: reload and apply the change again' },
        422: { description: 'invalid fields' },
      },
      async handler(ctx) {
        const guildId = guildOf(ctx);
        const changes = parseBody(SettingsChangesSchema, await ctx.body());
        const changed = await changeSettings(sql, guildId, changes, actorOf(ctx));
        onChange(guildId);
        return { body: present(changed) };
      },
    },
  ];
}
