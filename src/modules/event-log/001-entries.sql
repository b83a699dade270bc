-- The event log's own tables, in the module's schema: what was logged (kept for the dashboard and
-- the API until it expires) and the log channels Discord refused.

create table entries (
  id bigint generated always as identity primary key,
  guild_id text not null,
  kind text not null,
  category text not null,
  occurred_at timestamptz not null,
  -- Whom it is about, where it happened, who did it (from the audit log).
  user_id text,
  channel_id text,
  moderator_id text,
  summary text not null,
  -- Message text only where the server opted in (include_content).
  details jsonb not null default '{}',
  -- Set from the server's retention when the entry is written.
  expires_at timestamptz not null
);

-- The Events view and GET /api/guilds/:guild_id/events: newest first, by guild, by user, by channel.
create index entries_guild_time on entries (guild_id, occurred_at desc, id desc);
create index entries_guild_user on entries (guild_id, user_id, occurred_at desc, id desc) where user_id is not null;
create index entries_guild_moderator on entries (guild_id, moderator_id, occurred_at desc, id desc) where moderator_id is not null;
create index entries_guild_channel on entries (guild_id, channel_id, occurred_at desc, id desc) where channel_id is not null;
create index entries_expiry on entries (expires_at);

create table channel_faults (
  guild_id text not null,
  channel_id text not null,
  status integer not null,
  code text not null,
  reason text not null,
  failed_at timestamptz not null default now(),
  primary key (guild_id, channel_id)
);
