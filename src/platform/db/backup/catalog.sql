-- What Concord owns, read from the catalog. Its tables are those of the connection's schema (the app's,
-- whatever it is called), but ley's `migrations`, which the header stands for, and `module_migrations`,
-- which a restore writes again as it migrates the modules of the build restoring; and those of every
-- module schema (mod_<module>, or <app schema>_mod_<module> beside an app schema other than public);
-- leaf tables only (a partitioned table's rows are in its partitions), and none that belongs to an
-- extension. `schema` is null for the connection's own and mod_<module> for a module's, so a backup
-- restores into another schema name.

-- name: listTables
select
  case when n.nspname = current_schema() then null when current_schema() = 'public' then n.nspname else substr(n.nspname, length(current_schema()) + 2) end as schema,
  c.relname as name,
  format('%I.%I', n.nspname, c.relname) as qualified,
  -- Generated columns are left out: a restore computes them again. `cast` is the type without its
  -- modifier (varchar, not varchar(32)): a value cast to it is then fitted to the column as an insert
  -- would, an error where it does not fit, not cut short as an explicit cast to varchar(32) would.
  coalesce((
    select json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'cast', format_type(a.atttypid, null),
      'quoted', quote_ident(a.attname)
    ) order by a.attnum)
    from pg_attribute a
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
  ), '[]') as columns,
  array(
    select format('%I.%I', rn.nspname, r.relname)
    from pg_constraint k
    join pg_class r on r.oid = k.confrelid
    join pg_namespace rn on rn.oid = r.relnamespace
    where k.conrelid = c.oid and k.contype = 'f' and k.confrelid <> c.oid
  ) as references,
  coalesce((
    select json_agg(json_build_object('quoted', quote_ident(t.tgname), 'fires', t.tgenabled) order by t.tgname)
    from pg_trigger t
    where t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled <> 'D'
  ), '[]') as triggers
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'r'
  and (n.nspname = current_schema() or starts_with(n.nspname, case when current_schema() = 'public' then 'mod_' else current_schema() || '_mod_' end))
  and not (n.nspname = current_schema() and c.relname in ('migrations', 'module_migrations'))
  and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by n.nspname <> current_schema(), n.nspname, c.relname;

-- name: listSequences
-- Sequences are read and set as they are (not from max(id)): an id a purged row had is never handed out
-- again, as other rows and logs may still name it. ley's migrations.id is left out with its table.
select
  case when n.nspname = current_schema() then null when current_schema() = 'public' then n.nspname else substr(n.nspname, length(current_schema()) + 2) end as schema,
  c.relname as name,
  format('%I.%I', n.nspname, c.relname) as qualified
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'S'
  and (n.nspname = current_schema() or starts_with(n.nspname, case when current_schema() = 'public' then 'mod_' else current_schema() || '_mod_' end))
  and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  and not exists (
    select from pg_depend d
    join pg_class t on t.oid = d.refobjid
    where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
      and d.deptype in ('a', 'i') and t.relname = 'migrations' and n.nspname = current_schema() and t.relnamespace = n.oid
  )
order by n.nspname <> current_schema(), n.nspname, c.relname;

-- name: setSequence
select setval($1::regclass, $2::bigint, $3::boolean);

-- name: setTextSettings
-- Values as text that reads back the same anywhere: ISO dates, times in UTC with their offset, floats
-- to the last digit, bytea as hex; and an error, not fewer rows, should row security hide any.
select
  set_config('datestyle', 'ISO, YMD', true),
  set_config('intervalstyle', 'postgres', true),
  set_config('timezone', 'UTC', true),
  set_config('extra_float_digits', '3', true),
  set_config('bytea_output', 'hex', true),
  set_config('row_security', 'off', true);
