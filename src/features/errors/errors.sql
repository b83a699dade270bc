-- Unexpected errors, one row per fingerprint.

-- name: recordError
-- A new fingerprint inserts; a known one counts up, takes the latest context and reopens if resolved.
insert into error_events as e (fingerprint, source, error_type, message, stack, last_error_id, context)
values ($1, $2, $3, $4, $5, $6, $7::jsonb)
on conflict (fingerprint) do update
  set count = e.count + 1, last_seen_at = now(), message = excluded.message, stack = excluded.stack,
      last_error_id = excluded.last_error_id, context = excluded.context, status = 'open', resolved_at = null
returning id, count;

-- name: listErrors
-- Most recently seen first; $1 filters by status (null: all); $2/$3 the last row of the previous page.
select * from error_events
where ($1::text is null or status = $1)
  and ($2::timestamptz is null or (last_seen_at, id) < ($2, $3::bigint))
order by last_seen_at desc, id desc
limit $4;

-- name: resolveError
update error_events set status = 'resolved', resolved_at = now() where id = $1 returning *;

-- name: deleteUserFromErrors
-- A group keeps its latest occurrence's context, which names the user whose command failed: the
-- user's id goes from it (erasure); returns how many groups named them.
with changed as (update error_events set context = context - 'user_id' where context->>'user_id' = $1 returning 1)
select count(*)::int as deleted from changed;
