// Reminders (personal, one-off or repeating), users' time zones, and scheduled messages (per guild).
// Both queues are claimed by schedulers with FOR UPDATE SKIP LOCKED and a lease (lease_until), which
// also holds a failed send back until its retry is due.

export async function up(sql) {
  await sql.unsafe(`
    create table user_settings (
      user_id text primary key,
      time_zone text not null,
      updated_at timestamptz not null default now()
    );

    create table reminders (
      id bigint generated always as identity primary key,
      user_id text not null,
      guild_id text,
      channel_id text not null,
      -- The message that set it, replied to on delivery (null for slash commands).
      source_message_id text,
      content text not null,
      due_at timestamptz not null,
      -- A repeating reminder: a cron expression read in time_zone; due_at moves on after each send.
      cron text,
      time_zone text not null default 'UTC',
      deliver_by_dm boolean not null default false,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'cancelled')),
      attempts integer not null default 0,
      lease_until timestamptz,
      last_sent_at timestamptz,
      last_late_ms bigint,
      last_error text,
      created_at timestamptz not null default now()
    );
    create index reminders_due_idx on reminders (due_at) where status = 'pending';
    create index reminders_user_idx on reminders (user_id, due_at) where status = 'pending';

    create table scheduled_messages (
      id bigint generated always as identity primary key,
      guild_id text not null,
      channel_id text not null,
      content text not null,
      -- Either a cron expression read in time_zone, or a one-off run (cron null).
      cron text,
      time_zone text not null default 'UTC',
      due_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      lease_until timestamptz,
      last_sent_at timestamptz,
      last_late_ms bigint,
      last_error text,
      created_by text,
      created_at timestamptz not null default now()
    );
    create index scheduled_messages_due_idx on scheduled_messages (due_at) where status = 'pending';
    create index scheduled_messages_guild_idx on scheduled_messages (guild_id, id);
  `);
}

export async function down(sql) {
  await sql.unsafe('drop table scheduled_messages; drop table reminders; drop table user_settings;');
}
