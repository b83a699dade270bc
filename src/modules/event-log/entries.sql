-- The event log's stored entries and refused channels (queries.ts runs them).

-- name: insertEntries
-- $1 is a JSON array of rows, written in one statement per round.
insert into entries (guild_id, kind, category, occurred_at, user_id, channel_id, moderator_id, summary, details, expires_at)
select guild_id, kind, category, occurred_at, user_id, channel_id, moderator_id, summary, coalesce(details, '{}'), expires_at
from jsonb_to_recordset($1::jsonb) as x(
  guild_id text, kind text, category text, occurred_at timestamptz, user_id text, channel_id text, moderator_id text,
  summary text, details jsonb, expires_at timestamptz);

-- name: listEntries
-- Newest first; $7/$8 are the (occurred_at, id) of the last row of the previous page. A user matches
-- as the one the entry is about or as the moderator who acted.
select id, guild_id, kind, category, occurred_at, user_id, channel_id, moderator_id, summary, details
from entries
where guild_id = $1
  and ($2::text[] is null or kind = any($2::text[]))
  and ($3::text is null or user_id = $3 or moderator_id = $3)
  and ($4::text is null or channel_id = $4)
  and ($5::timestamptz is null or occurred_at >= $5)
  and ($6::timestamptz is null or occurred_at < $6)
  and ($7::timestamptz is null or (occurred_at, id) < ($7, $8::bigint))
  and expires_at > now()
order by occurred_at desc, id desc
limit $9;

-- name: deleteExpiredEntries
-- At most $1 rows a call, so a long backlog is cleared in short transactions.
with expired as (select id from entries where expires_at <= now() order by expires_at limit $1),
deleted as (delete from entries e using expired where e.id = expired.id returning 1)
select count(*)::int as deleted from deleted;

-- name: deleteUserEntries
-- A user's erasure: the entries about them go; where they were the moderator, their id does.
with deleted as (delete from entries where user_id = $1 returning 1),
cleared as (update entries set moderator_id = null where moderator_id = $1 returning 1)
select (select count(*) from deleted)::int as deleted;

-- name: upsertChannelFault
insert into channel_faults (guild_id, channel_id, status, code, reason)
values ($1, $2, $3, $4, $5)
on conflict (guild_id, channel_id) do update
  set status = excluded.status, code = excluded.code, reason = excluded.reason, failed_at = now();

-- name: deleteChannelFault
delete from channel_faults where guild_id = $1 and channel_id = $2;

-- name: listChannelFaults
select channel_id, status, code, reason, failed_at from channel_faults where guild_id = $1;
