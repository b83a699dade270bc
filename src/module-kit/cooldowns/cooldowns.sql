-- Running cooldowns, so they survive a restart. Written behind the reply; read back at start.

-- name: upsertCooldowns
-- $1 keys, $2 their ends (same order).
insert into cooldowns (key, expires_at)
select * from unnest($1::text[], $2::timestamptz[])
on conflict (key) do update set expires_at = excluded.expires_at;

-- name: listRunningCooldowns
select key, expires_at from cooldowns where expires_at > now();

-- name: deleteEndedCooldowns
delete from cooldowns where expires_at <= now();
