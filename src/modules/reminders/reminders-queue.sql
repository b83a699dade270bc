-- The delivery queue over reminders (delivery-queue.ts): the same statements, by the same
-- names, as scheduled-messages-queue.sql. Times ($1…) come from the app's clock, never now().
-- The lane flag ($4 of claimDue, $1 of nextDueAt) picks the local console's rows (channel 'console')
-- or Discord's: each lane has its own scheduler.

-- name: claimDue
-- Leases up to $3 due rows for $2 ms; rows another scheduler holds are skipped, not waited for.
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

-- name: nextDueAt
-- When the scheduler should next look: the earliest due time, or a pending retry's.
select min(greatest(due_at, coalesce(lease_until, due_at))) as at from reminders
where status = 'pending' and (channel_id = 'console') = $1::boolean;

-- name: markSent
-- One update for a whole round of sends. next_due_at keeps a repeating row pending until then.
update reminders r
set status = case when u.next_due_at is null then 'sent' else 'pending' end,
    due_at = coalesce(u.next_due_at, r.due_at), attempts = 0, lease_until = null,
    last_sent_at = u.sent_at, last_late_ms = u.late_ms, last_error = null
from unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::bigint[]) as u(id, sent_at, next_due_at, late_ms)
where r.id = u.id;

-- name: retry
update reminders set lease_until = $2, last_error = $3 where id = $1;

-- name: fail
update reminders set status = 'failed', lease_until = null, last_error = $2 where id = $1;
