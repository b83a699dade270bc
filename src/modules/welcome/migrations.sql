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
