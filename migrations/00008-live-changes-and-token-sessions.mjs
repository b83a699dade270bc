// Every change to a custom command NOTIFYs `concord_command_changes:<schema>` (payload: its guild id,
// '' for a global command) inside the change's own transaction, so listeners hear of it exactly when
// it commits, whichever code path made it. Counting a use (use_count alone) is not a change.
// Each insert of command log rows NOTIFYs `concord_logs_inserted:<schema>` once per statement
// (payload: the guild ids, comma-separated, '' for none; '*' when too many), for live log views.
// Channels are database-wide: the schema in their names keeps two Concords on one database apart
// (cut to 63 characters, PostgreSQL's limit for a channel name).
// And a dashboard session can be a global admin by itself: one started with the API token.

export async function up(sql) {
  await sql.unsafe(`
    create function notify_command_change() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        perform pg_notify(left('concord_command_changes:' || tg_table_schema, 63), coalesce(old.guild_id, ''));
      end if;
      if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.guild_id is distinct from old.guild_id) then
        perform pg_notify(left('concord_command_changes:' || tg_table_schema, 63), coalesce(new.guild_id, ''));
      end if;
      return null;
    end $$;

    create trigger custom_commands_notify_insert_delete after insert or delete on custom_commands
      for each row execute function notify_command_change();
    create trigger custom_commands_notify_update after update on custom_commands
      for each row when (old.use_count = new.use_count) execute function notify_command_change();

    create function notify_logs_inserted() returns trigger language plpgsql as $$
    declare
      guilds text;
    begin
      select string_agg(distinct coalesce(guild_id, ''), ',') into guilds from inserted_rows;
      if guilds is not null then
        perform pg_notify(left('concord_logs_inserted:' || tg_table_schema, 63), case when length(guilds) > 7000 then '*' else guilds end);
      end if;
      return null;
    end $$;
    create trigger command_logs_notify after insert on command_logs
      referencing new table as inserted_rows for each statement execute function notify_logs_inserted();

    alter table sessions add column is_global_admin boolean not null default false;
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    alter table sessions drop column is_global_admin;
    drop trigger command_logs_notify on command_logs;
    drop function notify_logs_inserted();
    drop trigger custom_commands_notify_update on custom_commands;
    drop trigger custom_commands_notify_insert_delete on custom_commands;
    drop function notify_command_change();
  `);
}
