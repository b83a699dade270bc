-- How each custom command is used, from the command log (rows carry metadata.custom_command_id).

-- name: commandUsage
-- $1 command id, $2 since. A use is an answered run (ok) or a failed one (error).
select
  count(*) filter (where status in ('ok', 'error')) as uses,
  count(*) filter (where status = 'error') as errors,
  count(*) filter (where status = 'denied') as denied,
  count(*) filter (where status = 'cooldown') as cooldown,
  max(occurred_at) filter (where status in ('ok', 'error')) as last_used_at
from command_logs
where metadata->>'custom_command_id' = $1::text and occurred_at >= $2;

-- name: commandLastError
select occurred_at, coalesce(error, metadata->>'problem', '') as error
from command_logs
where metadata->>'custom_command_id' = $1::text and status = 'error'
order by occurred_at desc
limit 1;

-- name: commandTopUsers
-- $1 command id, $2 since, $3 how many.
select user_id, max(user_name) as user_name, count(*) as uses
from command_logs
where metadata->>'custom_command_id' = $1::text and occurred_at >= $2 and status in ('ok', 'error')
group by user_id
order by uses desc, user_id
limit $3;

-- name: listUnusedCommands
-- A guild's live commands not used in $2 days (and older than that), least recently used first.
select c.id, c.name, c.created_at, last.used_at as last_used_at
from custom_commands c
left join lateral (
  select max(occurred_at) as used_at from command_logs l
  where l.metadata->>'custom_command_id' = c.id::text and l.status in ('ok', 'error')
) last on true
where c.guild_id = $1 and c.deleted_at is null
  and c.created_at < now() - make_interval(days => $2)
  and (last.used_at is null or last.used_at < now() - make_interval(days => $2))
order by last.used_at nulls first, c.name;
