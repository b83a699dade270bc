// Custom commands and the log of every command use.

export async function up(sql) {
  await sql.unsafe(`
    create table custom_commands (
      id bigint generated always as identity primary key,
      guild_id text,
      name text not null check (name ~ '^[-_a-z0-9]{1,32}$'),
      response text not null check (char_length(response) between 1 and 2000),
      description text not null default '' check (char_length(description) <= 100),
      aliases text[] not null default '{}',
      cooldown_seconds integer not null default 0 check (cooldown_seconds between 0 and 86400),
      enabled boolean not null default true,
      use_count bigint not null default 0,
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      metadata jsonb not null default '{}'
    );
    -- NULL guild_id means global; coalesce makes one global namespace instead of NULLs never clashing.
    create unique index custom_commands_guild_name_key on custom_commands (coalesce(guild_id, ''), lower(name));
    create index custom_commands_guild_id_idx on custom_commands (guild_id, name);

    create table command_logs (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      guild_id text,
      channel_id text,
      user_id text not null,
      user_name text not null default '',
      command text not null,
      args text not null default '',
      source text not null check (source in ('prefix', 'slash', 'console')),
      status text not null check (status in ('ok', 'error', 'not_found', 'denied', 'cooldown')),
      latency_ms integer not null default 0,
      error text,
      event_id text not null,
      metadata jsonb not null default '{}',
      constraint command_logs_event_id_key unique (event_id)
    );
    -- Keyset pagination walks (occurred_at, id) backwards, overall or within one filter.
    create index command_logs_occurred_at_idx on command_logs (occurred_at desc, id desc);
    create index command_logs_guild_idx on command_logs (guild_id, occurred_at desc, id desc);
    create index command_logs_user_idx on command_logs (user_id, occurred_at desc, id desc);
    create index command_logs_command_idx on command_logs (command, occurred_at desc, id desc);
  `);
}

export async function down(sql) {
  await sql.unsafe('drop table command_logs; drop table custom_commands;');
}
