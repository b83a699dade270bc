// /api/guilds/:guild_id/settings: a server's prefix, turned-off built-ins, default time zone and
// dashboard roles; PATCH changes some of them from the version read (409 when another came first),
// the dashboard roles only for those who manage the server.
import { BUILT_IN_NAMES } from '../../features/settings/built-in-names.ts';
import type { GuildSettings } from '../../features/settings/queries.ts';
import { ALWAYS_ON, SettingsChangesSchema, SettingsOut, type SettingsView } from '../../features/settings/schema.ts';
import { changeSettings, loadSettings } from '../../features/settings/service.ts';
import { type ApiRoute, route } from '../../module-kit/api-route.ts';
import { actorOf, managesGuild } from '../../module-kit/principal.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { GuildParams } from '../../platform/http/pagination.ts';
import { isoTime } from '../../platform/time/iso.ts';

export interface SettingsRouteOptions {
  /** COMMAND_PREFIX: what a null prefix means. */
  defaultPrefix: string;
  /** Told after every change, so this process's cached copy goes at once (NOTIFY tells the others). */
  onChange(guildId: string): void;
}

export function settingsRoutes(sql: Sql, { defaultPrefix, onChange }: SettingsRouteOptions): ApiRoute[] {
  const present = (settings: GuildSettings): SettingsView => ({
    ...settings,
    updated_at: settings.updated_at === null ? null : isoTime(new Date(settings.updated_at)),
    defaults: { prefix: defaultPrefix, time_zone: 'UTC' },
    built_in_commands: BUILT_IN_NAMES.filter((name) => !(ALWAYS_ON as readonly string[]).includes(name)),
  });
  return [
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/settings',
      operationId: 'getGuildSettings',
      summary: "A guild's settings (null prefix and time zone: the defaults given alongside)",
      tag: 'settings',
      params: GuildParams,
      responses: { 200: { description: 'the settings; version 0 until the first change', schema: SettingsOut } },
      scope: ({ params }) => params.guild_id,
      handler: async (_ctx, { params }) => ({ headers: { 'cache-control': 'no-store' }, body: present(await loadSettings(sql, params.guild_id)) }),
    }),
    route({
      method: 'PATCH',
      path: '/api/guilds/:guild_id/settings',
      operationId: 'updateGuildSettings',
      summary: 'Change some settings of a guild, from the `version` read; recorded in the audit log',
      tag: 'settings',
      params: GuildParams,
      body: SettingsChangesSchema,
      responses: {
        200: { description: 'the settings after the change', schema: SettingsOut },
        403: { description: 'viewer_role_ids or editor_role_ids changed by someone who does not manage the server (owner, Manage Server, Administrator) and is no global admin' },
        409: { description: 'the settings changed since `version` was read: reload and apply the change again' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(ctx, { params: { guild_id: guildId }, body: changes, principal }) {
        const changed = await changeSettings(sql, guildId, changes, actorOf(ctx, principal), { managesGuild: managesGuild(principal, guildId) });
        onChange(guildId);
        return { body: present(changed) };
      },
    }),
  ];
}
