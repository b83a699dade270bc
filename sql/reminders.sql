-- Reminders and users' time zones. Times ($now…) come from the app's clock, never now(), so tests
-- can move time and every process agrees on what "due" means.

-- name: getTimeZone
select time_zone from user_settings where user_id = $1;

-- name: setTimeZone
insert into user_settings (user_id, time_zone) values ($1, $2)
on conflict (user_id) do update set time_zone = excluded.time_zone, updated_at = now()
returning time_zone;

-- name: lockUserReminders
-- Held to the end of the transaction, so a count of the user's reminders stays true until the insert.
select pg_advisory_xact_lock(hashtext('concord:reminders'), hashtext($1));

-- name: insertReminder
-- Inserts nothing when the user already has $10 pending reminders (the cap). Run it after
-- lockUserReminders in one transaction: alone, two at once can both count room for one.
insert into reminders (user_id, guild_id, channel_id, source_message_id, content, due_at, cron, time_zone, deliver_by_dm)
select $1, $2, $3, $4, $5, $6, $7, $8, $9
where (select count(*) from reminders where user_id = $1 and status = 'pending') < $10
returning *;

-- name: listUserReminders
select * from reminders where user_id = $1 and status = 'pending' order by due_at, id limit $2;

-- name: listReminders
-- The API's list: optional filters on user, guild and status; keyset by id, newest first.
select * from reminders
where ($1::text is null or user_id = $1)
  and ($2::text is null or guild_id = $2)
  and ($3::text is null or status = $3)
  and ($4::bigint is null or id < $4)
order by id desc
limit $5;

-- name: cancelReminder
-- Only the owner's own pending reminder.
update reminders set status = 'cancelled', lease_until = null
where id = $1 and user_id = $2 and status = 'pending'
returning *;

-- name: getReminder
select * from reminders where id = $1;

-- name: claimDueReminders
-- Leases up to $3 due rows for $2 ms; rows another scheduler holds are skipped, not waited for.
-- $4: the local console's rows (channel 'console'), or Discord's: each is sent by its own scheduler.
update reminders r set lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000), attempts = r.attempts + 1
from (
  select id from reminders
  where status = 'pending' and due_at <= $1 and (lease_until is null or lease_until <= $1)
    and (channel_id = 'console') = $4::boolean
  order by due_at
  limit $3
  for update skip locked
) due
where r.id = due.id
returning r.*;

-- name: nextReminderDueAt
-- When the scheduler should next look: the earliest due time, or a pending retry's.
-- $1: the console's rows, or Discord's (as claimDueReminders).
select min(greatest(due_at, coalesce(lease_until, due_at))) as at from reminders
where status = 'pending' and (channel_id = 'console') = $1::boolean;

-- name: markRemindersSent
-- One update for a whole round of sends. next_due_at keeps a repeating row pending until then.
update reminders r
set status = case when u.next_due_at is null then 'sent' else 'pending' end,
    due_at = coalesce(u.next_due_at, r.due_at), attempts = 0, lease_until = null,
    last_sent_at = u.sent_at, last_late_ms = u.late_ms, last_error = null
from unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::bigint[]) as u(id, sent_at, next_due_at, late_ms)
where r.id = u.id;

-- name: retryReminder
update reminders set lease_until = $2, last_error = $3 where id = $1;

-- name: failReminder
update reminders set status = 'failed', lease_until = null, last_error = $2 where id = $1;
