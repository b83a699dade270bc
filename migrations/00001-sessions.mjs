// Dashboard sessions: the cookie holds a random id, the table only its SHA-256.

export async function up(sql) {
  await sql.unsafe(`
    create table sessions (
      id_hash text primary key,
      user_id text not null,
      user_name text not null default '',
      avatar text,
      -- The guilds the user could manage (Manage Server or Administrator) when they logged in.
      guilds jsonb not null default '[]',
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_id_idx on sessions (user_id);
    create index sessions_expires_at_idx on sessions (expires_at);
  `);
}

export async function down(sql) {
  await sql.unsafe('drop table sessions;');
}
