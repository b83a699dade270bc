// The wire shape of GET/PATCH /api/guilds/:guild_id/settings (SettingsOut in schema.ts), free of
// imports so the dashboard can import it type-only, like guilds/directory-types.ts.
export interface SettingsView {
  guild_id: string;
  /** null: `defaults.prefix`. */
  prefix: string | null;
  disabled_commands: string[];
  /** null: `defaults.time_zone`. */
  time_zone: string | null;
  viewer_role_ids: string[];
  editor_role_ids: string[];
  /** 0 until the first change; PATCH sends the version it read. */
  version: number;
  updated_at: string | null;
  updated_by: string | null;
  defaults: { prefix: string; time_zone: string };
  built_in_commands: string[];
}
