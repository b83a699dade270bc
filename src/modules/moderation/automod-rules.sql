-- The native AutoMod rules' ids per guild (automod-rules.ts), in the module's schema (003-automod-rules.sql).

-- name: getRulesOf
-- The rows of a burst of guilds (the GUILD_CREATEs at connection) in one query.
select * from automod_rules where guild_id = any($1::text[]);

-- name: getSettledRules
-- As a sync in progress will leave them: a block by a rule just made, reported before the sync that
-- made it committed its id, waits for that commit instead of going unrecorded.
select * from automod_rules where guild_id = $1 for share;

-- name: lockRules
-- Creates the guild's row if need be and holds its lock until the transaction ends: syncs of one
-- guild, from any process, run one after the other and each reads what the last one wrote.
insert into automod_rules as r (guild_id) values ($1)
on conflict (guild_id) do update set guild_id = r.guild_id
returning *;

-- name: saveRules
update automod_rules
set words_rule_id = $2, mentions_rule_id = $3,
    refused_at = case when $4::text is null then null else coalesce(refused_at, now()) end,
    refused_reason = $4, synced_at = now()
where guild_id = $1;
