-- The native AutoMod rules Concord keeps in Discord for a guild (blocked words, mention spam): their
-- ids, so that a restart or another process changes the same rules instead of making new ones. The
-- guild's row is also its lock while its rules are synced.
create table automod_rules (
  guild_id text primary key,
  words_rule_id text,
  mentions_rule_id text,
  -- Since when (and why) Discord refuses the rules (no Manage Server…): warned once, cleared by a sync that goes through.
  refused_at timestamptz,
  refused_reason text,
  synced_at timestamptz
);
