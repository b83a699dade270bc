// Every name and alias of a live custom command, one row each, unique per guild: the database keeps
// "a name is taken once per guild" however requests interleave. A trigger on custom_commands keeps
// the rows in step with every write (create, rename, alias change, delete, restore, purge), so no
// code path can forget it.

export async function up(sql) {
  await sql.unsafe(`
    create table command_names (
      -- The guild id, or '' for the global commands: one namespace, where NULLs would never clash.
      guild_key text not null,
      -- Lowercase: names are unique case-insensitively.
      name text not null,
      command_id bigint not null references custom_commands (id) on delete cascade,
      primary key (guild_key, name)
    );
    create index command_names_command_idx on command_names (command_id);

    -- Backfill. Names were already unique among live commands (the index dropped below); an alias that
    -- meets another command's name, or an older command's alias, was let in by a race: the name (or
    -- the older command) keeps it, and it is taken out of the later command's aliases.
    insert into command_names (guild_key, name, command_id)
    select coalesce(guild_id, ''), lower(name), id from custom_commands
    where deleted_at is null
    on conflict do nothing;
    insert into command_names (guild_key, name, command_id)
    select coalesce(c.guild_id, ''), lower(a.alias), c.id
    from custom_commands c cross join lateral unnest(c.aliases) with ordinality as a(alias, ord)
    where c.deleted_at is null
    order by c.id, a.ord
    on conflict do nothing;
    update custom_commands c set aliases = coalesce((
      select array_agg(a.alias order by a.ord)
      from unnest(c.aliases) with ordinality as a(alias, ord)
      where lower(a.alias) <> lower(c.name)
        and a.ord = (select min(b.ord) from unnest(c.aliases) with ordinality as b(alias, ord) where lower(b.alias) = lower(a.alias))
        and exists (select 1 from command_names n where n.command_id = c.id and n.name = lower(a.alias))
    ), '{}')
    where c.deleted_at is null
      and cardinality(c.aliases) <> (select count(*) from command_names n where n.command_id = c.id and n.name <> lower(c.name));

    -- Keeps command_names in step with a command's row. Rows are claimed and freed in name order, so
    -- two writers whose names overlap (even a swap) wait on each other instead of deadlocking; a name
    -- another command holds, or took while this one waited, fails the write with unique_violation,
    -- COLUMN 'name' or 'aliases' and a JSON DETAIL the app turns into its 409.
    create function sync_command_names() returns trigger language plpgsql as $$
    declare
      old_key text;
      new_key text;
      old_names text[] := '{}';
      new_names text[] := '{}';
      n text;
      owner_id bigint;
      owner_name text;
    begin
      if tg_op = 'UPDATE' and old.deleted_at is null then
        old_key := coalesce(old.guild_id, '');
        old_names := array(select distinct lower(x) from unnest(array[old.name] || old.aliases) as x);
      end if;
      if new.deleted_at is null then
        new_key := coalesce(new.guild_id, '');
        new_names := array(select distinct lower(x) from unnest(array[new.name] || new.aliases) as x);
      end if;
      if old_key is distinct from new_key and old_key is not null then
        delete from command_names where command_id = new.id;
        old_names := '{}';
      end if;
      for n in select x from unnest(old_names || new_names) as x group by x order by x loop
        if n = any (old_names) and not (n = any (new_names)) then
          delete from command_names where command_id = new.id and name = n;
        elsif n = any (new_names) and not (n = any (old_names)) then
          insert into command_names (guild_key, name, command_id) values (new_key, n, new.id) on conflict do nothing;
          if not found then
            select c.id, c.name into owner_id, owner_name
            from command_names cn join custom_commands c on c.id = cn.command_id
            where cn.guild_key = new_key and cn.name = n;
            raise exception 'the name "%" is taken', n using
              errcode = 'unique_violation',
              table = 'command_names',
              constraint = 'command_names_pkey',
              column = case when n = lower(new.name) then 'name' else 'aliases' end,
              detail = json_build_object('guild_id', new.guild_id, 'name', n, 'command_id', owner_id::text, 'command_name', owner_name)::text;
          end if;
        end if;
      end loop;
      return null;
    end
    $$;
    create trigger custom_commands_sync_names
      after insert or update of guild_id, name, aliases, deleted_at on custom_commands
      for each row execute function sync_command_names();

    -- command_names holds this rule now; two unique rules would race to report the same clash.
    drop index custom_commands_guild_name_key;
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    create unique index custom_commands_guild_name_key on custom_commands (coalesce(guild_id, ''), lower(name))
      where deleted_at is null;
    drop trigger custom_commands_sync_names on custom_commands;
    drop function sync_command_names();
    drop table command_names;
  `);
}
