-- Custom commands. A NULL guild_id is a global command, visible in every guild.

-- name: listCommands
-- $1 guild id, 'global' or NULL (all); $2 search text or NULL; $3 id to start after or NULL; $4 limit
select * from custom_commands
where ($1::text is null or ($1 = 'global' and guild_id is null) or guild_id = $1)
  and ($2::text is null or strpos(lower(name), lower($2)) > 0 or strpos(lower(description), lower($2)) > 0)
  and ($3::bigint is null or id > $3)
order by id
limit $4;

-- name: getCommand
select * from custom_commands where id = $1;

-- name: findCommand
-- By name or alias; the guild's own command wins over a global one of the same name.
select * from custom_commands
where (guild_id = $1 or guild_id is null)
  and (lower(name) = lower($2) or lower($2) = any (aliases))
order by guild_id nulls last
limit 1;

-- name: listCommandsForGuild
select * from custom_commands
where guild_id = $1 or guild_id is null
order by name;

-- name: findNameClash
-- Another command in the same namespace whose name or aliases meet any of $2 (lowercase names).
select id, name from custom_commands
where coalesce(guild_id, '') = coalesce($1::text, '')
  and ($3::bigint is null or id <> $3)
  and (lower(name) = any ($2::text[]) or aliases && $2::text[])
limit 1;

-- name: insertCommand
insert into custom_commands (guild_id, name, response, description, aliases, cooldown_seconds, enabled, created_by, metadata)
values ($1, lower($2), $3, $4, $5::text[], $6, $7, $8, $9::jsonb)
returning *;

-- name: updateCommand
-- NULL leaves a field as it is.
update custom_commands set
  name = coalesce(lower($2), name),
  response = coalesce($3, response),
  description = coalesce($4, description),
  aliases = coalesce($5::text[], aliases),
  cooldown_seconds = coalesce($6, cooldown_seconds),
  enabled = coalesce($7, enabled),
  metadata = coalesce($8::jsonb, metadata),
  updated_at = now()
where id = $1
returning *;

-- name: deleteCommand
delete from custom_commands where id = $1 returning *;
