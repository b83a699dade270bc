-- The role-menus module's tables, in its own schema. Each step is one migration, by its name.

-- name: menus
-- A menu and the message that shows it. `options` is [{ role_id, label, emoji, description }];
-- `message_deleted`: the message was deleted in Discord (the menu stays, to be posted again by an edit).
create table menus (
  id bigint generated always as identity primary key,
  guild_id text not null,
  channel_id text not null,
  message_id text,
  message_deleted boolean not null default false,
  content text,
  embed jsonb,
  style text not null check (style in ('buttons', 'select')),
  mode text not null check (mode in ('toggle', 'unique', 'verify', 'drop')),
  options jsonb not null,
  max integer check (max between 1 and 25),
  required_role_ids text[] not null default '{}',
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index menus_guild on menus (guild_id, id);
create index menus_message on menus (message_id);
