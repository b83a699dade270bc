-- Delayed autoroles (autoroles.ts), the same statements by the same names as the scheduling engine's
-- queues (modules/reminders/reminders-queue.sql). Times ($1…) come from the app's clock.

-- name: schedule
-- A member who joins again while their autoroles wait keeps the one pending row, due anew.
insert into delayed_autoroles (guild_id, user_id, role_ids, due_at) values ($1, $2, $3, $4)
on conflict (guild_id, user_id) where status = 'pending'
do update set role_ids = excluded.role_ids, due_at = excluded.due_at, attempts = 0, lease_until = null, last_error = null;

-- name: cancel
-- They left before the delay ran out: nothing to give.
update delayed_autoroles set status = 'cancelled' where guild_id = $1 and user_id = $2 and status = 'pending';

-- name: claimDue
-- Leases up to $3 due rows for $2 ms; rows another process holds are skipped, not waited for.
update delayed_autoroles d set lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000), attempts = d.attempts + 1
from (
  select id from delayed_autoroles
  where status = 'pending' and due_at <= $1 and (lease_until is null or lease_until <= $1)
  order by due_at
  limit $3
  for update skip locked
) due
where d.id = due.id
returning d.*, null::text as cron, 'UTC' as time_zone;

-- name: nextDueAt
select min(greatest(due_at, coalesce(lease_until, due_at))) as at from delayed_autoroles where status = 'pending';

-- name: finish
-- In the transaction that gives the roles: only a row still pending is finished, once.
update delayed_autoroles set status = 'done', lease_until = null, done_at = $2, last_error = null where id = $1 and status = 'pending';

-- name: retry
update delayed_autoroles set lease_until = $2, last_error = $3 where id = $1;

-- name: fail
update delayed_autoroles set status = 'failed', lease_until = null, last_error = $2 where id = $1;

-- name: deleteUser
delete from delayed_autoroles where user_id = $1;
