-- Dashboard sessions. Rows are found by the SHA-256 of the cookie's random id, never the id itself.

-- name: insertSession
-- $5 managed guilds as a JSON array; $6 lifetime in hours; $7 a global admin (an API-token login).
insert into sessions (id_hash, user_id, user_name, avatar, guilds, expires_at, is_global_admin)
values ($1, $2, $3, $4, $5::jsonb, now() + make_interval(hours => $6), $7)
returning *;

-- name: findSession
-- Only a live session. last_seen_at moves at most once a minute, so most requests only read.
with found as (
  select * from sessions where id_hash = $1 and expires_at > now()
), touched as (
  update sessions s set last_seen_at = now()
  from found
  where s.id_hash = found.id_hash and found.last_seen_at < now() - interval '1 minute'
)
select * from found;

-- name: deleteSession
delete from sessions where id_hash = $1;

-- name: deleteUserSessions
delete from sessions where user_id = $1
returning id_hash;

-- name: deleteExpiredSessions
delete from sessions where expires_at <= now();
