// Per-server settings (issue 15): one row per guild, absent until its first change (then every
// column null or empty means "the default"). `version` counts changes, so a dashboard that read
// version n can only save over version n (409 otherwise). Every change NOTIFYs
// `concord_settings_changes:<schema>` with the guild id inside its transaction, as 00008 does for
// commands, so every process drops its cached copy the moment it commits.

export async function up(sql) {
  await sql.unsafe(`
    create table guild_settings (
      guild_id text primary key,
      -- null: COMMAND_PREFIX.
      prefix text check (prefix is null or char_length(prefix) between 1 and 5),
      -- Built-in commands turned off in this guild, by name.
      disabled_commands text[] not null default '{}',
      -- An IANA zone for reminders and schedules that have none of their own; null: UTC.
      time_zone text,
      -- Roles whose members may read the guild's dashboard pages, and roles who may also change them.
      viewer_role_ids text[] not null default '{}',
      editor_role_ids text[] not null default '{}',
      version integer not null default 1 check (version >= 1),
      updated_at timestamptz not null default now(),
      -- The Discord user who made the last change; null for the API token.
      updated_by text
    );

    create function notify_settings_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify(left('concord_settings_changes:' || tg_table_schema, 63), coalesce(new.guild_id, old.guild_id));
      return null;
    end $$;
    create trigger guild_settings_notify after insert or update or delete on guild_settings
      for each row execute function notify_settings_change();
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    drop trigger guild_settings_notify on guild_settings;
    drop function notify_settings_change();
    drop table guild_settings;
  `);
}
