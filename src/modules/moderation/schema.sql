-- The moderation module's tables, in its own schema. A case's number comes from its guild's counter
-- row, taken in the statement that inserts the case: parallel actions, from any process, queue on
-- that row, so numbers run 1, 2, 3… per guild with no gap and no duplicate.
create table case_counters (
  guild_id text primary key,
  last_number integer not null
);

create table cases (
  guild_id text not null,
  number integer not null,
  action text not null check (action in ('warn', 'timeout', 'untimeout', 'kick', 'ban', 'unban', 'purge')),
  user_id text,
  moderator_id text,
  -- What acted when no moderator did: an escalation rule, automod, the end of a temporary action.
  rule text,
  reason text,
  duration_ms bigint,
  -- Purge: the channel and how many messages went.
  channel_id text,
  message_count integer,
  log_channel_id text,
  log_message_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (guild_id, number)
);
create index cases_user on cases (guild_id, user_id, number desc);

-- Temporary bans: each ends once, on the scheduling engine's queue pattern (a claim with FOR UPDATE
-- SKIP LOCKED and a lease, as reminders are sent). A timeout needs no row: Discord ends it itself.
create table expiries (
  id bigserial primary key,
  guild_id text not null,
  user_id text not null,
  case_number integer not null,
  due_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed', 'cancelled')),
  attempts integer not null default 0,
  lease_until timestamptz,
  last_error text,
  done_at timestamptz
);
create index expiries_due on expiries (due_at) where status = 'pending';
-- One pending end per member: a new ban replaces the old one's end.
create unique index expiries_one_pending on expiries (guild_id, user_id) where status = 'pending';
