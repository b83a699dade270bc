-- The auto-response triggers of one namespace (a guild, or the global commands when $1 is NULL), so
-- a save can check the guild's limits; the lock makes two saves of one guild check one after another.

-- name: lockNamespaceTriggers
-- Held to the end of the transaction; there is no guild row to lock, so the lock is on the guild id.
select pg_advisory_xact_lock(hashtextextended('custom_commands.trigger:' || coalesce($1::text, ''), 0));

-- name: listNamespaceTriggers
select id, trigger from custom_commands
where coalesce(guild_id, '') = coalesce($1::text, '')
  and deleted_at is null
  and trigger is not null;
