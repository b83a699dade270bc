// A server's own settings from Discord: `/settings` (prefix, turned-off commands, dashboard roles)
// and `/timezone`, and over HTTP (/api/guilds/:guild_id/settings). Always on: with it off, nothing
// could turn it back on from Discord.
import { defineModule } from '../../module-kit/contract.ts';
import { type SettingsRouteOptions, settingsRoutes } from './routes.ts';
import { settings } from './settings-command.ts';
import { timezone } from './timezone.ts';

export const serverSettings = defineModule({
  name: 'settings',
  description: "The server's prefix, turned-off commands, time zone and dashboard roles",
  alwaysOn: true,
  commands: [settings, timezone],
  setup: (ctx): SettingsRouteOptions => ({
    defaultPrefix: ctx.config.COMMAND_PREFIX,
    // The bot beside the routes drops its copy of the guild's settings at once (NOTIFY tells the others).
    onChange: (guildId) => ctx.changed(guildId),
  }),
  apiRoutes: (ctx) => (ctx.sql && ctx.instance ? settingsRoutes(ctx.sql, ctx.instance) : []),
});
