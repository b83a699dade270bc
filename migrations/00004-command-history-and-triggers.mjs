// Custom commands keep their history (versions, soft delete) and every change is audited; a command
// may also be an auto-response with a trigger, answer from a pool of responses, and be limited to
// some roles and channels.

export async function up(sql) {
  await sql.unsafe(`
    alter table custom_commands
      add column deleted_at timestamptz,
      add column deleted_by text,
      -- {type: exact|starts_with|contains|regex, pattern, case_sensitive}; NULL: no auto-response.
      add column trigger jsonb,
      -- More responses: with any, each use picks one of response and these at random.
      add column responses text[] not null default '{}',
      -- {allow_roles, deny_roles, allow_channels, deny_channels}: who may run it (a deny wins).
      add column permissions jsonb not null default '{"allow_roles":[],"deny_roles":[],"allow_channels":[],"deny_channels":[]}',
      -- Cooldowns besides the per-user cooldown_seconds; all that are set must have ended.
      add column channel_cooldown_seconds integer not null default 0 check (channel_cooldown_seconds between 0 and 86400),
      add column guild_cooldown_seconds integer not null default 0 check (guild_cooldown_seconds between 0 and 86400);
    -- A deleted command frees its name; restoring it checks the name again.
    drop index custom_commands_guild_name_key;
    create unique index custom_commands_guild_name_key on custom_commands (coalesce(guild_id, ''), lower(name))
      where deleted_at is null;

    create table command_versions (
      id bigint generated always as identity primary key,
      command_id bigint not null references custom_commands (id) on delete cascade,
      version integer not null,
      action text not null check (action in ('create', 'update', 'delete', 'restore')),
      -- The whole command after the change, so any version can be restored as it was.
      snapshot jsonb not null,
      -- {field: {from, to}} for each field the change touched.
      diff jsonb not null default '{}',
      actor_id text,
      source text not null check (source in ('api', 'dashboard', 'discord')),
      created_at timestamptz not null default now(),
      constraint command_versions_command_version_key unique (command_id, version)
    );

    -- Per-command stats read the log by the custom command a row belongs to.
    create index command_logs_custom_command_idx on command_logs ((metadata->>'custom_command_id'), occurred_at desc)
      where metadata ? 'custom_command_id';

    -- Running cooldowns (any command, any scope), so a restart does not reset them.
    create table cooldowns (
      key text primary key,
      expires_at timestamptz not null
    );
    create index cooldowns_expires_at_idx on cooldowns (expires_at);

    create table audit_log (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      guild_id text,
      actor_id text,
      source text not null check (source in ('api', 'dashboard', 'discord')),
      -- What was changed: 'command', 'schedule', 'setting'…
      entity text not null,
      entity_id text not null,
      action text not null,
      summary text not null default '',
      diff jsonb not null default '{}'
    );
    create index audit_log_occurred_at_idx on audit_log (occurred_at desc, id desc);
    create index audit_log_guild_idx on audit_log (guild_id, occurred_at desc, id desc);
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    drop table audit_log;
    drop table cooldowns;
    drop index command_logs_custom_command_idx;
    drop table command_versions;
    delete from custom_commands where deleted_at is not null;
    drop index custom_commands_guild_name_key;
    create unique index custom_commands_guild_name_key on custom_commands (coalesce(guild_id, ''), lower(name));
    alter table custom_commands drop column deleted_at, drop column deleted_by, drop column trigger, drop column responses, drop column permissions,
      drop column channel_cooldown_seconds, drop column guild_cooldown_seconds;
  `);
}
