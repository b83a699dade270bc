// `bin/app backup FILE` then `bin/app restore FILE` into a new database: every row of every table comes
// back exactly (a module's schema too, and values of every type), the sequences go on where they were,
// and Concord serves the restored data.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Sql } from '../../../../src/platform/db/connect.ts';
import { startTestApp, TEST_TOKEN } from '../../../support/app.ts';
import { startBotApp } from '../../../support/bot.ts';
import { runCli } from '../../../support/cli.ts';
import { eventually } from '../../../support/eventually.ts';
import { createOwnDatabase } from '../../../support/own-database.ts';
import { onTeardown } from '../../../support/teardown.ts';

// A module's own table (as its migrations would make it in its mod_* schema), holding values of every
// type that needs care, and a one-column table whose rows look like COPY's markers.
const MODULE_SCHEMA = `
  create schema mod_probe;
  create table mod_probe.samples (
    id bigint generated always as identity primary key,
    label text not null,
    t text, b bytea, j jsonb, js json, ts timestamptz, tz timestamp, d date, iv interval, n numeric,
    f float8, r real, big bigint, arr text[], grid int[], u uuid, flag boolean, vc varchar(8),
    label_length int generated always as (length(label)) stored
  );
  create table mod_probe.marks (t text);
`;
const SAMPLES = `
  insert into mod_probe.samples (label, t, b, j, js, ts, tz, d, iv, n, f, r, big, arr, grid, u, flag, vc) values
  ('edges', E'tab\\there\\nnew line\\rCR back\\\\slash \\\\N \\\\. 😀 𝄞 \\u2028 e\\u0301', '\\x000a5cff'::bytea,
   '{"ü": [1.5, null, true], "big": 123456789012345678901234567890, "s": "line\\nnext"}', '{ "b": 1,  "b": 2 }',
   '2024-02-29 23:59:59.999999+05:30', '0001-01-01 00:00:00', '0001-01-01', '1 year 2 mons -3 days 04:05:06.789',
   '123456789012345678901234567890.123456789', 5e-324, 3.4028235e38, 9223372036854775807,
   '{"a,b","c\\"d",NULL,"NULL","","x\\\\y"}', '{{1,2},{3,4}}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, 'ünï'),
  ('specials', '', ''::bytea, '""', 'null', 'infinity', '-infinity', 'infinity', '-178000000 years', 'NaN',
   'NaN', '-0', -9223372036854775808, '{}', '{}', null, false, ''),
  ('floats', null, null, null, null, null, null, null, null, '-0.000000000000000000001', 1e308, 'Infinity', 0, null, null, null, null, null),
  ('nulls', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  insert into mod_probe.marks values ('\\.'), ('\\N'), (''), (null), (E'\\\\'), ('.');
`;

test('a backup restored into a new database holds every row of every table, and Concord serves it', async (t) => {
  const source = await createOwnDatabase(t);
  await source.sql.unsafe(MODULE_SCHEMA);
  await source.sql.unsafe(SAMPLES);
  const app = await startBotApp(t, { db: source, env: { STATS_FLUSH_INTERVAL_MS: '100' } });
  const call = async (method: string, path: string, body: unknown, status: number) => {
    const res = await app.request(method, path, body);
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const guildId = app.guild.id;
  const hello = await call('POST', '/api/commands', {
    guild_id: guildId,
    name: 'hello',
    response: 'Hällo {user}!\tA tab, a\nnew line, a back\\slash, \\N, \\. and 😀',
    aliases: ['hi', 'hey'],
    responses: ['Ça va ?', 'こんにちは'],
    cooldown_seconds: 600,
    metadata: { note: 'ü\u2028', nested: [1, null, 'x'] },
  }, 201);
  await call('PATCH', `/api/commands/${hello.id}`, { description: 'greets' }, 200);
  await call('POST', '/api/commands', { guild_id: null, name: 'wave', response: '👋', trigger: { type: 'contains', pattern: 'wave' } }, 201);
  // The last id handed out belongs to a deleted command: the restored sequence must not hand it out again.
  const gone = await call('POST', '/api/commands', { guild_id: guildId, name: 'gone', response: 'bye' }, 201);
  await call('DELETE', `/api/commands/${gone.id}`, undefined, 204);
  // Through the bot: a command use (its log row and running cooldown), a reminder and a time zone.
  assert.match((await app.say('!hello')).content, /Hällo|Ça va|こんにちは/);
  assert.match((await app.say('!remind 2h stretch 🧘')).content, /Reminder #\d+ set/);
  assert.match((await app.say('!timezone Europe/Berlin')).content, /Europe\/Berlin/);
  await call('PATCH', `/api/guilds/${guildId}/settings`, { version: 0, disabled_commands: ['top'], time_zone: 'Europe/Paris' }, 200);
  await call('PATCH', `/api/guilds/${guildId}/modules/stats`, { version: 0, enabled: false }, 200);
  await call('POST', '/api/schedules', { guild_id: guildId, channel_id: app.channelId, content: 'Weekly 📣', cron: '0 9 * * 1', time_zone: 'Europe/Paris' }, 201);
  const day = new Date().toISOString().slice(0, 10);
  await call('POST', '/api/stats/ingest', { items: [{ guild_id: guildId, user_id: app.admin.id, day, messages: 5, commands: 2 }] }, 204);
  await call('DELETE', '/api/stats/users/123456789012345678', undefined, 200);
  await call('POST', '/api/errors', { fingerprint: '0123456789abcdef', source: 'http', error_type: 'Error', message: 'boom ✗', stack: 'Error: boom\n    at x', error_id: 'abc12345', context: { path: '/x' } }, 200);
  const signIn = await fetch(`${app.url}/auth/token`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
    body: new URLSearchParams({ token: TEST_TOKEN }).toString(),
  });
  assert.equal(signIn.status, 303);
  // The built-in modules' own schemas (mod_welcome…) are backed up too, rows or not.
  const moduleSchemas = (await source.sql<{ name: string }[]>`select nspname as name from pg_namespace where nspname like 'mod\_%' order by nspname`).map((row) => row.name);
  const tables = await tablesOf(source.sql, ['public', ...moduleSchemas]);
  // Every table of Concord's own and the probe module has rows (the bot writes its log, stats and
  // cooldowns behind its replies), so the comparison below covers them all; a new table needs a line above.
  await eventually(async () => {
    for (const table of tables.filter((name) => /^(public|mod_probe)\./.test(name))) assert.ok((await rowsOf(source.sql, table)).length > 0, `${table} has rows`);
  }, 10_000);
  const commands = (await app.request('GET', `/api/commands?guild_id=${guildId}`)).body;
  await app.app.stop();

  const dir = await mkdtemp(join(tmpdir(), 'concord-backup-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'concord.backup');
  const backup = await runCli(['backup', file], { DATABASE_URL: source.url });
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, new RegExp(`backed up ${tables.length} tables \\(\\d+ rows, schema at \\d+-[\\w-]+\\.mjs\\) to ${file}`));

  // Another database, its tables in a schema of another name (as test files and some hosts have them).
  // A module's schema is named after the app's where that is not public (module-kit/migrations.ts).
  const target = await createOwnDatabase(t, { migrate: false, schema: 'restored' });
  await target.sql.unsafe(MODULE_SCHEMA.replaceAll('mod_probe', 'restored_mod_probe'));
  const here = (name: string) => name.replace(/^public\./, 'restored.').replace(/^mod_/, 'restored_mod_');
  const targetSchemas = ['restored', ...moduleSchemas.map((schema) => `restored_${schema}`)];
  const restore = await runCli(['restore', file], { DATABASE_URL: target.url });
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, new RegExp(`^restored ${tables.length} tables \\(\\d+ rows\\) from ${file}\\n$`, 'm'));

  assert.deepEqual(await tablesOf(target.sql, targetSchemas), tables.map(here));
  for (const table of tables) {
    assert.deepEqual(await rowsOf(target.sql, here(table)), await rowsOf(source.sql, table), table);
  }
  const sequences = (await sequencesOf(source.sql, ['public', ...moduleSchemas])).map((s) => ({ ...(s as object), schema: (s as { schema: string }).schema.replace(/^mod_/, 'restored_mod_') }));
  assert.deepEqual(await sequencesOf(target.sql, targetSchemas), sequences);
  assert.deepEqual(await target.sql`select name from restored.migrations order by id`, await source.sql`select name from public.migrations order by id`);

  // Concord on the restored database: the same commands, names still held once, ids going on.
  const restored = await startTestApp(t, { db: target });
  assert.deepEqual((await restored.request('GET', `/api/commands?guild_id=${guildId}`)).body, commands);
  assert.equal((await restored.request('POST', '/api/commands', { guild_id: guildId, name: 'hey', response: 'taken' })).status, 409);
  const next = (await restored.request('POST', '/api/commands', { guild_id: guildId, name: 'gone', response: 'again' })).body;
  assert.ok(BigInt(next.id) > BigInt(gone.id), `${next.id} comes after ${gone.id}`);
});

/** `schema.table` for every table of `schemas` (ley's migrations aside), sorted. */
async function tablesOf(sql: Sql, schemas: string[]): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select schemaname || '.' || tablename as name from pg_tables
    where schemaname = any(${schemas}) and not (tablename in ('migrations', 'module_migrations') and schemaname = ${schemas[0] ?? ''})
    order by schemaname = ${schemas[0] ?? ''} desc, name`;
  return rows.map((row) => row.name);
}

/** Every row of `table` as PostgreSQL's text for it (every column, generated ones too), sorted. */
async function rowsOf(sql: Sql, table: string): Promise<string[]> {
  const [row] = await sql.unsafe<{ rows: string[] }[]>(`select coalesce(array_agg(t::text order by t::text), '{}') as rows from ${table} t`);
  return row?.rows ?? [];
}

async function sequencesOf(sql: Sql, schemas: string[]): Promise<unknown[]> {
  const sequences = await sql<{ schema: string; name: string }[]>`
    select schemaname as schema, sequencename as name from pg_sequences
    where schemaname = any(${schemas}) and sequencename <> 'migrations_id_seq' order by schemaname = ${schemas[0] ?? ''} desc, schemaname, sequencename`;
  const states = [];
  for (const { schema, name } of sequences) {
    const [state] = await sql.unsafe(`select last_value::text, is_called from "${schema}"."${name}"`);
    states.push({ schema: schema === schemas[0] ? 'own' : schema, name, ...state });
  }
  return states;
}
