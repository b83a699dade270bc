-- Cases of the moderation module (cases.ts), in its schema (schema.sql).

-- name: insertCase
-- Takes the guild's next number and inserts the case in one statement: a parallel insert waits on
-- the counter row until this transaction ends, so a rolled-back action gives its number back.
with counter as (
  insert into case_counters as c (guild_id, last_number) values ($1, 1)
  on conflict (guild_id) do update set last_number = c.last_number + 1
  returning last_number
)
insert into cases (guild_id, number, action, user_id, moderator_id, rule, reason, duration_ms, channel_id, message_count)
select $1, counter.last_number, $2, $3, $4, $5, $6, $7, $8, $9 from counter
returning *;

-- name: getCase
select * from cases where guild_id = $1 and number = $2;

-- name: setLogMessage
update cases set log_channel_id = $3, log_message_id = $4 where guild_id = $1 and number = $2;

-- name: setReason
update cases set reason = $3, updated_at = now() where guild_id = $1 and number = $2 returning *;

-- name: listCases
-- Newest first; $7 is the cursor (the last number of the page before), null for the first page.
select * from cases
where guild_id = $1
  and ($2::text is null or user_id = $2)
  and ($3::text is null or moderator_id = $3)
  and ($4::text is null or action = $4)
  and ($5::timestamptz is null or created_at >= $5)
  and ($7::integer is null or number < $7)
order by number desc
limit $6;

-- name: countUserCases
-- A member's record in figures, whatever its length: one row per action they were given.
select action, count(*)::integer as n from cases where guild_id = $1 and user_id = $2 group by action;

-- name: countRecentWarnings
select count(*)::integer as n from cases
where guild_id = $1 and user_id = $2 and action = 'warn' and created_at >= $3;

-- name: deleteUserCases
-- A member's cases go with their data, and their name leaves the cases they took; the numbers stay
-- taken (the counter is not rewound). A pending end of a ban still runs: it holds no more than an id.
with gone as (delete from cases where user_id = $1 returning 1),
     unnamed as (update cases set moderator_id = null where moderator_id = $1 returning 1)
select (select count(*) from gone)::integer + (select count(*) from unnamed)::integer as n;
