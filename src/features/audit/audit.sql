-- The audit log: every change made through any door (API, dashboard, Discord) to anything.

-- name: insertAuditEntry
insert into audit_log (guild_id, actor_id, source, entity, entity_id, action, summary, diff)
values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
returning *;

-- name: listAuditEntries
-- Newest first. Filters are NULL when unused: $1 guild id ('global': no guild), $2 actor, $3 entity,
-- $4 entity id, $5 action, $6 since, $7 until; $8/$9 the (occurred_at, id) to continue after; $10 limit.
select * from audit_log
where ($1::text is null or ($1 = 'global' and guild_id is null) or guild_id = $1)
  and ($2::text is null or actor_id = $2)
  and ($3::text is null or entity = $3)
  and ($4::text is null or entity_id = $4)
  and ($5::text is null or action = $5)
  and ($6::timestamptz is null or occurred_at >= $6)
  and ($7::timestamptz is null or occurred_at < $7)
  and ($8::timestamptz is null or (occurred_at, id) < ($8, $9::bigint))
order by occurred_at desc, id desc
limit $10;
