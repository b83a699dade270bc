-- Figures for the admin overview, overall or for one guild ($1 NULL: all guilds).

-- name: overviewCounts
select
  -- A deleted command waits 30 days to be restored or purged; it is no longer one of the guild's commands.
  (select count(*) from custom_commands where ($1::text is null or guild_id = $1) and deleted_at is null)::int as custom_commands,
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

-- name: usesByDay
-- Uses per calendar day in time zone $2 over the last $3 days, today included; days without uses are 0.
select to_char(day, 'YYYY-MM-DD') as day, count(l.id)::bigint as uses
from generate_series(
  date_trunc('day', now() at time zone $2) - make_interval(days => $3::int - 1),
  date_trunc('day', now() at time zone $2),
  interval '1 day'
) as day
left join command_logs l
  on ($1::text is null or l.guild_id = $1)
  and l.occurred_at >= (day at time zone $2)
  and l.occurred_at < ((day + interval '1 day') at time zone $2)
group by day
order by day;
