-- The role menus: each query names its guild, so a menu id from another guild finds nothing.

-- name: listMenus
select * from menus where guild_id = $1 order by id;

-- name: getMenu
select * from menus where guild_id = $1 and id = $2;

-- name: lockMenu
-- Held to the end of the transaction: two edits of one menu edit its message one after the other.
select * from menus where guild_id = $1 and id = $2 for update;

-- name: insertMenu
insert into menus (guild_id, channel_id, content, embed, style, mode, options, max, required_role_ids, created_by)
values ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $9, $10)
returning *;

-- name: updateMenu
update menus set channel_id = $3, content = $4, embed = $5::jsonb, style = $6, mode = $7, options = $8::jsonb, max = $9,
  required_role_ids = $10, updated_at = now()
where guild_id = $1 and id = $2
returning *;

-- name: setMessage
update menus set message_id = $3, message_deleted = false where guild_id = $1 and id = $2 returning *;

-- name: deleteMenu
delete from menus where guild_id = $1 and id = $2 returning *;

-- name: markMessagesDeleted
update menus set message_deleted = true where message_id = any($1::text[]) and not message_deleted;
