// Modules (issue 21): each guild's switch and settings per module, and which of a module's own
// migrations have run. A row of `guild_modules` is absent until the guild first changes that module
// (then `enabled` null still means the module's default). `version` counts changes, as in
// guild_settings: a change saves only over the version it was made from. Every change NOTIFYs
// `concord_module_changes:<schema>` with the guild id, so every process drops its copy at commit.
// Handlers of modules fail as `module` errors in the error log.

export async function up(sql) {
  await sql.unsafe(`
    create table guild_modules (
      guild_id text not null,
      module text not null check (module ~ '^[a-z][a-z0-9-]{0,31}$'),
      -- null: the module's default (on, unless it says otherwise).
      enabled boolean,
      -- Only the settings the guild set; a handler sees them over the module's defaults.
      settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
      version integer not null default 1 check (version >= 1),
      updated_at timestamptz not null default now(),
      updated_by text,
      primary key (guild_id, module)
    );

    create function notify_module_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify(left('concord_module_changes:' || tg_table_schema, 63), coalesce(new.guild_id, old.guild_id));
      return null;
    end $$;
    create trigger guild_modules_notify after insert or update or delete on guild_modules
      for each row execute function notify_module_change();

    -- A module's migration steps that have run in its own schema, by module and step name.
    create table module_migrations (
      module text not null,
      name text not null,
      applied_at timestamptz not null default now(),
      primary key (module, name)
    );

    alter table error_events drop constraint error_events_source_check;
    alter table error_events add constraint error_events_source_check check (source in ('command', 'http', 'job', 'module'));
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    delete from error_events where source = 'module';
    alter table error_events drop constraint error_events_source_check;
    alter table error_events add constraint error_events_source_check check (source in ('command', 'http', 'job'));
    drop table module_migrations;
    drop trigger guild_modules_notify on guild_modules;
    drop function notify_module_change();
    drop table guild_modules;
  `);
}
