-- The ends of temporary bans (expiries.ts), the same statements by the same names as the scheduling
-- engine's queues (modules/reminders/reminders-queue.sql). Times ($1…) come from the app's clock.

-- name: schedule
-- A ban's end, after `cancel` in the same transaction: a member banned again has only the newest end.
insert into expiries (guild_id, user_id, case_number, due_at) values ($1, $2, $3, $4);

-- name: cancel
-- A new ban, or an unban by hand: the pending end has nothing left to do.
update expiries set status = 'cancelled' where guild_id = $1 and user_id = $2 and status = 'pending';

-- name: claimDue
-- Leases up to $3 due rows for $2 ms; rows another process holds are skipped, not waited for.
update expiries e set lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000), attempts = e.attempts + 1
from (
  select id from expiries
  where status = 'pending' and due_at <= $1 and (lease_until is null or lease_until <= $1)
  order by due_at
  limit $3
  for update skip locked
) due
where e.id = due.id
returning e.*, null::text as cron, 'UTC' as time_zone;

-- name: nextDueAt
select min(greatest(due_at, coalesce(lease_until, due_at))) as at from expiries where status = 'pending';

-- name: finish
-- In the transaction that makes the unban's case: only a row still pending is finished, once.
update expiries set status = 'done', lease_until = null, done_at = $2, last_error = null where id = $1 and status = 'pending';

-- name: retry
update expiries set lease_until = $2, last_error = $3 where id = $1;

-- name: fail
update expiries set status = 'failed', lease_until = null, last_error = $2 where id = $1;
