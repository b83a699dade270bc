-- The welcome module's queries: members waiting in screening, and the roles members held.

-- name: addPending
insert into pending_members (guild_id, user_id) values ($1, $2) on conflict do nothing;

-- name: takePending
-- Returns the row only to the one event that removed it, so a member passing screening gets their
-- autoroles once however many updates arrive.
delete from pending_members where guild_id = $1 and user_id = $2 returning user_id;

-- name: rememberRoles
insert into member_roles (guild_id, user_id, role_ids) values ($1, $2, $3)
on conflict (guild_id, user_id) do update set role_ids = excluded.role_ids, left_at = null;

-- name: markLeft
update member_roles set left_at = now() where guild_id = $1 and user_id = $2;

-- name: takeRolesAtLeave
-- The roles a member held when they left, taken once: the row goes back to tracking them.
update member_roles set left_at = null where guild_id = $1 and user_id = $2 and left_at is not null
returning role_ids;

-- name: deleteUserPending
delete from pending_members where user_id = $1;

-- name: deleteUserRoles
delete from member_roles where user_id = $1;
