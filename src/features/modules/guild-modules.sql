-- Each guild's switch and settings per module (see migration 00011).

-- name: listModulesOfGuilds
select * from guild_modules where guild_id = any($1::text[]);

-- name: getGuildModule
select * from guild_modules where guild_id = $1 and module = $2;

-- name: insertGuildModule
-- The guild's first change to this module (it read version 0). Nothing is returned when another
-- first change came first: the caller answers 409.
insert into guild_modules (guild_id, module, enabled, settings, updated_by)
values ($1, $2, $3, $4::jsonb, $5)
on conflict (guild_id, module) do nothing
returning *;

-- name: updateGuildModule
-- Only over the version the change was made from ($6); nothing is returned when another came first.
update guild_modules
set enabled = $3, settings = $4::jsonb, updated_by = $5, version = version + 1, updated_at = now()
where guild_id = $1 and module = $2 and version = $6
returning *;

-- name: listModuleMigrations
select name from module_migrations where module = $1;

-- name: recordModuleMigration
insert into module_migrations (module, name) values ($1, $2);
