-- The welcome module's tables, in its own schema. Each step is one migration, by its name.

-- name: members
-- pending_members: joined while in membership screening; their autoroles wait until they pass it.
-- member_roles: the roles each member held as last seen, and when they left, so a rejoin (with
-- restore_roles on) gets them back.
create table pending_members (
  guild_id text not null,
  user_id text not null,
  joined_at timestamptz not null default now(),
  primary key (guild_id, user_id)
);
create table member_roles (
  guild_id text not null,
  user_id text not null,
  role_ids text[] not null,
  left_at timestamptz,
  primary key (guild_id, user_id)
);
create index member_roles_user on member_roles (user_id);
create index pending_members_user on pending_members (user_id);

-- name: delayedAutoroles
-- Autoroles waiting out autorole_delay_seconds, so a restart meanwhile does not lose them: a queue
-- of the scheduling engine (autoroles.ts), one pending row per member at most.
create table delayed_autoroles (
  id bigserial primary key,
  guild_id text not null,
  user_id text not null,
  role_ids text[] not null,
  due_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed', 'cancelled')),
  attempts integer not null default 0,
  lease_until timestamptz,
  last_error text,
  done_at timestamptz
);
create unique index delayed_autoroles_one_pending on delayed_autoroles (guild_id, user_id) where status = 'pending';
create index delayed_autoroles_due on delayed_autoroles (due_at) where status = 'pending';
create index delayed_autoroles_user on delayed_autoroles (user_id);
