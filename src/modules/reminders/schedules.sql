-- Scheduled messages: a guild's announcements, from a cron expression in a time zone or once.
-- Times ($now…) come from the app's clock, as in reminders.sql.

-- name: listSchedules
select * from scheduled_messages
where ($1::text is null or guild_id = $1)
  and ($2::bigint is null or id > $2)
order by id
limit $3;

-- name: getSchedule
select * from scheduled_messages where id = $1;

-- name: insertSchedule
insert into scheduled_messages (guild_id, channel_id, content, cron, time_zone, due_at, created_by)
values ($1, $2, $3, $4, $5, $6, $7)
returning *;

-- name: deleteSchedule
delete from scheduled_messages where id = $1
returning *;
