-- Custom commands. A NULL guild_id is a global command, visible in every guild. A deleted command
-- keeps its row (deleted_at set) for 30 days so it can be restored; only the *Deleted* queries see it.
-- Names and aliases are claimed in command_names by a trigger (migration 00005), which refuses a
-- name taken in the same guild.

-- name: listCommands
-- $1 guild id, 'global' or NULL (all); $2 search text or NULL; $3 id to start after or NULL; $4 limit.
-- The API's page (routes/command-json.ts): the JSON columns as the text PostgreSQL writes for them,
-- which the page carries as it is, rather than parsed into objects only to be written out again.
select id, guild_id, name, response, description, aliases, cooldown_seconds, enabled, use_count, created_by, created_at,
  updated_at, metadata::text as metadata, trigger::text as trigger, responses, permissions::text as permissions,
  channel_cooldown_seconds, guild_cooldown_seconds, embeds::text as embeds, buttons::text as buttons,
  responses_rich::text as responses_rich, slash, context, deleted_at, deleted_by
from custom_commands
where deleted_at is null
  and ($1::text is null or ($1 = 'global' and guild_id is null) or guild_id = $1)
  and ($2::text is null or strpos(lower(name), lower($2)) > 0 or strpos(lower(description), lower($2)) > 0)
  and ($3::bigint is null or id > $3)
order by id
limit $4;

-- name: getCommand
select * from custom_commands where id = $1 and deleted_at is null;

-- name: getCommandEvenDeleted
select * from custom_commands where id = $1;

-- name: lockCommand
-- Even when deleted. Held to the end of the transaction: a change reads the row it will change.
select * from custom_commands where id = $1 for update;

-- name: listCommandsForGuild
select * from custom_commands
where (guild_id = $1 or guild_id is null) and deleted_at is null
order by name;

-- name: guildsWithApplicationCommands
-- Of these guilds, those with a slash or context-menu command of their own: one query for a burst
-- of GUILD_CREATEs at connection instead of a list per guild.
select distinct guild_id from custom_commands
where guild_id = any($1::text[]) and deleted_at is null and (slash or context is not null);

-- name: insertCommand
insert into custom_commands (guild_id, name, response, description, aliases, cooldown_seconds, enabled, created_by, metadata,
  trigger, responses, permissions, channel_cooldown_seconds, guild_cooldown_seconds, embeds, buttons, responses_rich, slash, context)
values ($1, lower($2), $3, $4, $5::text[], $6, $7, $8, $9::jsonb, $10::jsonb, $11::text[], $12::jsonb, $13, $14,
  $15::jsonb, $16::jsonb, $17::jsonb, $18, $19)
returning *;

-- name: updateCommand
-- NULL leaves a field as it is; the trigger changes only when $9 is true, the context only when $19
-- is (so either can be set to NULL).
update custom_commands set
  name = coalesce(lower($2), name),
  response = coalesce($3, response),
  description = coalesce($4, description),
  aliases = coalesce($5::text[], aliases),
  cooldown_seconds = coalesce($6, cooldown_seconds),
  enabled = coalesce($7, enabled),
  metadata = coalesce($8::jsonb, metadata),
  trigger = case when $9::boolean then $10::jsonb else trigger end,
  responses = coalesce($11::text[], responses),
  permissions = coalesce($12::jsonb, permissions),
  channel_cooldown_seconds = coalesce($13, channel_cooldown_seconds),
  guild_cooldown_seconds = coalesce($14, guild_cooldown_seconds),
  embeds = coalesce($15::jsonb, embeds),
  buttons = coalesce($16::jsonb, buttons),
  responses_rich = coalesce($17::jsonb, responses_rich),
  slash = coalesce($18, slash),
  context = case when $19::boolean then $20 else context end,
  updated_at = now()
where id = $1 and deleted_at is null
returning *;

-- name: softDeleteCommand
update custom_commands set deleted_at = now(), deleted_by = $2
where id = $1 and deleted_at is null
returning *;

-- name: undeleteCommand
-- Only within $2 days of the deletion.
update custom_commands set deleted_at = null, deleted_by = null, updated_at = now()
where id = $1 and deleted_at > now() - make_interval(days => $2)
returning *;

-- name: listDeletedCommands
-- $1 guild id, 'global' or NULL (all); deleted within $2 days, newest first.
select * from custom_commands
where deleted_at > now() - make_interval(days => $2)
  and ($1::text is null or ($1 = 'global' and guild_id is null) or guild_id = $1)
order by deleted_at desc, id desc
limit 200;

-- name: purgeDeletedCommands
-- Deleted more than $1 days ago: gone for good (their versions go with them).
delete from custom_commands where deleted_at <= now() - make_interval(days => $1);

-- name: lockApplicationCommands
-- Held to the end of the transaction, taken before countApplicationCommands (in its own statement, so
-- the count sees what a save that held the lock before committed): two saves cannot both take the
-- last place of a limit.
select pg_advisory_xact_lock(hashtext('concord:application-commands:' || coalesce($1::text, '')));

-- name: countApplicationCommands
-- The live slash and context-menu commands of guild $1 (NULL: the global ones) other than command $2.
select
  count(*) filter (where slash)::int as slash,
  count(*) filter (where context = 'user')::int as user_context,
  count(*) filter (where context = 'message')::int as message_context
from custom_commands
where guild_id is not distinct from $1 and deleted_at is null and ($2::bigint is null or id <> $2);
