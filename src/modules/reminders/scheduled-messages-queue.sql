-- The delivery queue over scheduled messages (delivery-queue.ts): the same statements, by
-- the same names, as reminders-queue.sql. Times ($1…) come from the app's clock, never now().
-- Scheduled messages are always sent to Discord: the console's lane ($4 / $1 true) has none of them.

-- name: claimDue
-- Leases up to $3 due rows for $2 ms; rows another scheduler holds are skipped, not waited for.
update scheduled_messages s set lease_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000), attempts = s.attempts + 1
from (
  select id from scheduled_messages
  where status = 'pending' and due_at <= $1 and (lease_until is null or lease_until <= $1)
    and not $4::boolean
  order by due_at
  limit $3
  for update skip locked
) due
where s.id = due.id
returning s.*;

-- name: nextDueAt
-- When the scheduler should next look: the earliest due time, or a pending retry's.
select min(greatest(due_at, coalesce(lease_until, due_at))) as at from scheduled_messages
where status = 'pending' and not $1::boolean;

-- name: markSent
-- One update for a whole round of sends. next_due_at keeps a repeating row pending until then.
update scheduled_messages s
set status = case when u.next_due_at is null then 'sent' else 'pending' end,
    due_at = coalesce(u.next_due_at, s.due_at), attempts = 0, lease_until = null,
    last_sent_at = u.sent_at, last_late_ms = u.late_ms, last_error = null
from unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::bigint[]) as u(id, sent_at, next_due_at, late_ms)
where s.id = u.id;

-- name: retry
update scheduled_messages set lease_until = $2, last_error = $3 where id = $1;

-- name: fail
update scheduled_messages set status = 'failed', lease_until = null, last_error = $2 where id = $1;
