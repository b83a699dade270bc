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

-- name: deleteUserReminders
-- Every reminder of a user and their time zone (erasure); returns how many rows went.
with reminders_gone as (
  delete from reminders where user_id = $1 returning 1
), zone_gone as (
  delete from user_settings where user_id = $1 returning 1
)
select ((select count(*) from reminders_gone) + (select count(*) from zone_gone))::int as deleted;
