-- Per-server settings: one row per guild once it has changed something (see migration 00009).

-- name: getGuildSettings
select * from guild_settings where guild_id = $1;

-- name: insertGuildSettings
-- A guild's first change (it read version 0: no row yet). Nothing is returned when another first
-- change came first: the caller answers 409.
insert into guild_settings (guild_id, prefix, disabled_commands, time_zone, viewer_role_ids, editor_role_ids, updated_by)
values ($1, $2, $3, $4, $5, $6, $7)
on conflict (guild_id) do nothing
returning *;

-- name: updateGuildSettings
-- Only over the version the change was made from ($8); nothing is returned when another change came first.
update guild_settings
set prefix = $2, disabled_commands = $3, time_zone = $4, viewer_role_ids = $5, editor_role_ids = $6,
    updated_by = $7, version = version + 1, updated_at = now()
where guild_id = $1 and version = $8
returning *;

-- name: listDashboardRoles
-- The dashboard roles of those of the guilds $1 that gave any.
select guild_id, viewer_role_ids, editor_role_ids from guild_settings
where guild_id = any($1::text[]) and (cardinality(viewer_role_ids) > 0 or cardinality(editor_role_ids) > 0);
