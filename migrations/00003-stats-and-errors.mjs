// User activity per guild and day, stats opt-outs, and unexpected errors grouped by fingerprint.

export async function up(sql) {
  await sql.unsafe(`
    create table user_stats_daily (
      guild_id text not null,
      user_id text not null,
      -- A UTC day: the bot counts in memory and adds each flush's totals to the day's row.
      day date not null,
      messages bigint not null default 0,
      commands bigint not null default 0,
      primary key (guild_id, user_id, day)
    );
    create index user_stats_daily_guild_day_idx on user_stats_daily (guild_id, day);
    create index user_stats_daily_user_idx on user_stats_daily (user_id);

    -- Users who asked not to be counted (in any guild); their rows are deleted when they opt out.
    create table stats_optouts (
      user_id text primary key,
      opted_out_at timestamptz not null default now()
    );

    create table error_events (
      id bigint generated always as identity primary key,
      -- Error type + normalised top stack frames: the same bug from anywhere lands in one row.
      fingerprint text not null unique,
      source text not null check (source in ('command', 'http', 'job')),
      error_type text not null,
      message text not null,
      stack text not null,
      count bigint not null default 1,
      first_seen_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      -- The short id the user or HTTP client was shown, and what was happening, for the latest one.
      last_error_id text not null,
      context jsonb not null default '{}',
      status text not null default 'open' check (status in ('open', 'resolved')),
      resolved_at timestamptz
    );
    create index error_events_last_seen_idx on error_events (last_seen_at desc, id desc);
  `);
}

export async function down(sql) {
  await sql.unsafe('drop table error_events; drop table stats_optouts; drop table user_stats_daily;');
}
