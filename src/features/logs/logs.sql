-- The command log: one row per command use, written in batches.

-- name: insertLogs
-- $1 is a JSON array of rows. Duplicate event ids are skipped, which makes a retried batch harmless;
-- custom commands' use counts move only for rows actually inserted.
with inserted as (
  insert into command_logs
    (occurred_at, guild_id, channel_id, user_id, user_name, command, args, source, status, latency_ms, error, event_id, metadata)
  select occurred_at, guild_id, channel_id, user_id, user_name, command, args, source, status, latency_ms, error, event_id,
         coalesce(metadata, '{}')
  from jsonb_to_recordset($1::jsonb) as x(
    occurred_at timestamptz, guild_id text, channel_id text, user_id text, user_name text, command text, args text,
    source text, status text, latency_ms integer, error text, event_id text, metadata jsonb)
  on conflict (event_id) do nothing
  returning status, metadata
), uses as (
  select (metadata ->> 'custom_command_id')::bigint as id, count(*) as n
  from inserted
  where status = 'ok' and metadata ? 'custom_command_id'
  group by 1
), bumped as (
  update custom_commands c set use_count = c.use_count + uses.n from uses where c.id = uses.id returning 1
)
select (select count(*) from inserted)::int as inserted, (select count(*) from bumped)::int as commands_bumped;

-- name: listLogs
-- Newest first. $7/$8 are the (occurred_at, id) of the last row of the previous page; $10, when set,
-- keeps only rows stored after that id (ids grow with each insert), which is how a live view catches up.
select * from command_logs
where ($1::text is null or guild_id = $1)
  and ($2::text is null or user_id = $2)
  and ($3::text is null or command = $3)
  and ($4::text is null or status = $4)
  and ($5::timestamptz is null or occurred_at >= $5)
  and ($6::timestamptz is null or occurred_at < $6)
  and ($7::timestamptz is null or (occurred_at, id) < ($7, $8::bigint))
  and ($10::bigint is null or id > $10)
order by occurred_at desc, id desc
limit $9;

-- name: deleteUserLogs
-- Every command use of a user (erasure); returns how many rows went.
with deleted as (delete from command_logs where user_id = $1 returning 1)
select count(*)::int as deleted from deleted;
