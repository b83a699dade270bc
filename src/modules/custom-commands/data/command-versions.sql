-- The history of each custom command: one row per change, with the whole command after it.

-- name: insertCommandVersion
-- The next version number of the command; callers hold the command's row lock (the same transaction).
insert into command_versions (command_id, version, action, snapshot, diff, actor_id, source)
select $1, coalesce(max(version), 0) + 1, $2, $3::jsonb, $4::jsonb, $5, $6
from command_versions where command_id = $1
returning *;

-- name: listCommandVersions
-- Newest first.
select * from command_versions where command_id = $1 order by version desc limit $2;

-- name: getCommandVersion
select * from command_versions where command_id = $1 and version = $2;
