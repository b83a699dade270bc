-- User activity: messages and command uses per user, guild and UTC day.

-- name: addUserStats
-- $1 is a JSON array of {guild_id, user_id, day, messages, commands}: one flush's totals, added to
-- each day's row. Opted-out users are skipped here, so counts taken before an opt-out are dropped.
insert into user_stats_daily as s (guild_id, user_id, day, messages, commands)
select x.guild_id, x.user_id, x.day, x.messages, x.commands
from jsonb_to_recordset($1::jsonb) as x(guild_id text, user_id text, day date, messages bigint, commands bigint)
where not exists (select 1 from stats_optouts o where o.user_id = x.user_id)
on conflict (guild_id, user_id, day) do update
  set messages = s.messages + excluded.messages, commands = s.commands + excluded.commands;

-- name: userStats
-- One user in one guild: totals today ($3, a UTC date), over 7 days and all time, and their rank by
-- all-time messages (null when they have none).
with mine as (
  select
    coalesce(sum(messages) filter (where day = $3::date), 0)::bigint as messages_today,
    coalesce(sum(messages) filter (where day > $3::date - 7), 0)::bigint as messages_7d,
    coalesce(sum(messages), 0)::bigint as messages_all,
    coalesce(sum(commands) filter (where day = $3::date), 0)::bigint as commands_today,
    coalesce(sum(commands) filter (where day > $3::date - 7), 0)::bigint as commands_7d,
    coalesce(sum(commands), 0)::bigint as commands_all
  from user_stats_daily where guild_id = $1 and user_id = $2
), ranked as (
  select user_id, rank() over (order by sum(messages) desc) as rank
  from user_stats_daily where guild_id = $1 group by user_id
)
select mine.*, (select rank from ranked where user_id = $2)::int as rank from mine;

-- name: leaderboard
-- The guild's top users by $2 ('messages' or 'commands') since $3 (a UTC date; null: all time).
select user_id, sum(messages)::bigint as messages, sum(commands)::bigint as commands
from user_stats_daily
where guild_id = $1 and ($3::date is null or day >= $3::date)
group by user_id
having sum(case when $2::text = 'commands' then commands else messages end) > 0
order by sum(case when $2::text = 'commands' then commands else messages end) desc, user_id
limit $4;

-- name: guildTotals
-- The guild's totals since $2 (a UTC date): messages, commands and active users.
select coalesce(sum(messages), 0)::bigint as messages, coalesce(sum(commands), 0)::bigint as commands,
       count(distinct user_id)::int as active_users
from user_stats_daily where guild_id = $1 and day >= $2::date;

-- name: guildDailySeries
-- Per UTC day from $2 to $3, oldest first, zeros included.
select to_char(d.day, 'YYYY-MM-DD') as day,
       coalesce(sum(s.messages), 0)::bigint as messages, coalesce(sum(s.commands), 0)::bigint as commands,
       count(distinct s.user_id)::int as active_users
from generate_series($2::date, $3::date, interval '1 day') as d(day)
left join user_stats_daily s on s.guild_id = $1 and s.day = d.day::date
group by d.day
order by d.day;

-- name: optOutUser
-- Stops counting the user and deletes what was kept; returns how many daily rows went.
with noted as (
  insert into stats_optouts (user_id) values ($1) on conflict (user_id) do nothing
), deleted as (
  delete from user_stats_daily where user_id = $1 returning 1
)
select count(*)::int as deleted from deleted;

-- name: deleteUserStats
-- A user's counts everywhere (erasure, not an opt-out: counting goes on unless they opt out).
with deleted as (delete from user_stats_daily where user_id = $1 returning 1)
select count(*)::int as deleted from deleted;
