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

-- name: claimDueSchedules
update scheduled_messages s set lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000), attempts = s.attempts + 1
from (
  select id from scheduled_messages
  where status = 'pending' and due_at <= $1 and (lease_until is null or lease_until <= $1)
  order by due_at
  limit $3
  for update skip locked
) due
where s.id = due.id
returning s.*;

-- name: nextScheduleDueAt
select min(greatest(due_at, coalesce(lease_until, due_at))) as at from scheduled_messages where status = 'pending';

-- name: markSchedulesSent
-- One update for a whole round of sends. next_due_at keeps a repeating row pending until then.
update scheduled_messages s
set status = case when u.next_due_at is null then 'sent' else 'pending' end,
    due_at = coalesce(u.next_due_at, s.due_at), attempts = 0, lease_until = null,
    last_sent_at = u.sent_at, last_late_ms = u.late_ms, last_error = null
from unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::bigint[]) as u(id, sent_at, next_due_at, late_ms)
where s.id = u.id;

-- name: retrySchedule
update scheduled_messages set lease_until = $2, last_error = $3 where id = $1;

-- name: failSchedule
update scheduled_messages set status = 'failed', lease_until = null, last_error = $2 where id = $1;
