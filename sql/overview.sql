-- Figures for the admin overview, overall or for one guild ($1 NULL: all guilds).

-- name: overviewCounts
select
  (select count(*) from custom_commands where $1::text is null or guild_id = $1)::int as custom_commands,
  (select count(*) from command_logs where $1::text is null or guild_id = $1)::bigint as uses,
  (select count(*) from command_logs
    where ($1::text is null or guild_id = $1) and occurred_at > now() - interval '24 hours')::bigint as uses_24h;

-- name: topCommands
select command, count(*)::bigint as uses
from command_logs
where ($1::text is null or guild_id = $1) and status = 'ok'
group by command
order by uses desc, command
limit $2;
