// Every change to a custom command NOTIFYs `concord_command_changes` (payload: its guild id, '' for a
// global command) inside the change's own transaction, so listeners hear of it exactly when it
// commits, whichever code path made it. Counting a use (use_count alone) is not a change.
// And a dashboard session can be a global admin by itself: one started with the API token.

export async function up(sql) {
  await sql.unsafe(`
    create function notify_command_change() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        perform pg_notify('concord_command_changes', coalesce(old.guild_id, ''));
      end if;
      if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.guild_id is distinct from old.guild_id) then
        perform pg_notify('concord_command_changes', coalesce(new.guild_id, ''));
      end if;
      return null;
    end $$;

    create trigger custom_commands_notify_insert_delete after insert or delete on custom_commands
      for each row execute function notify_command_change();
    create trigger custom_commands_notify_update after update on custom_commands
      for each row when (old.use_count = new.use_count) execute function notify_command_change();

    alter table sessions add column is_global_admin boolean not null default false;
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    alter table sessions drop column is_global_admin;
    drop trigger custom_commands_notify_update on custom_commands;
    drop trigger custom_commands_notify_insert_delete on custom_commands;
    drop function notify_command_change();
  `);
}
