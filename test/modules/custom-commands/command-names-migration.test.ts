// Migration 00005 fills command_names from the commands already there, including the duplicates the
// old check-then-insert let through, and from then on the database refuses a taken name itself.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrateDown, migrateUp } from '../../../src/platform/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../../src/platform/paths.ts';
import { createTestDatabase } from '../../support/db.ts';

const GUILD = '111111111111111111';

test('the backfill keeps one owner per name: names first, then the oldest alias', async (t) => {
  const { sql } = await createTestDatabase(t, { migrate: false });
  const before = await mkdtemp(join(tmpdir(), 'concord-mig-'));
  t.after(() => rm(before, { recursive: true, force: true }));
  await cp(MIGRATIONS_DIR, before, { recursive: true, filter: (src) => !/0000[5-9]|000[1-9]\d/.test(src.split('/').pop() ?? '') });
  await migrateUp(sql, before);

  const insert = async (guild: string | null, name: string, aliases: string[], deleted = false) => {
    const [row] = await sql`insert into custom_commands (guild_id, name, response, aliases, deleted_at)
      values (${guild}, ${name}, 'x', ${aliases}, ${deleted ? new Date() : null}) returning id`;
    return String(row?.id);
  };
  const p = await insert(GUILD, 'p', ['q', 'r']); // q meets a later command's name: the name wins
  const q = await insert(GUILD, 'q', ['r', 's']); // r: p had it first
  const gone = await insert(GUILD, 'gone', ['s'], true); // deleted: holds nothing
  const global = await insert(null, 'p', ['q']); // the global namespace is its own

  await migrateUp(sql);
  const names = await sql`select guild_key, name, command_id::text as id from command_names order by guild_key, name`;
  assert.deepEqual(
    names.map((row) => [row.guild_key, row.name, row.id]),
    [
      ['', 'p', global],
      ['', 'q', global],
      [GUILD, 'p', p],
      [GUILD, 'q', q],
      [GUILD, 'r', p],
      [GUILD, 's', q],
    ],
  );
  const aliases = await sql`select id::text as id, aliases from custom_commands order by id`;
  assert.deepEqual(
    aliases.map((row) => [row.id, row.aliases]),
    [
      [p, ['r']],
      [q, ['s']],
      [gone, ['s']],
      [global, ['q']],
    ],
  );

  await assert.rejects(insert(GUILD, 's', []), (error: { code?: string; column_name?: string }) => {
    assert.equal(error.code, '23505');
    assert.equal(error.column_name, 'name');
    return true;
  });
  await assert.rejects(sql`update custom_commands set deleted_at = null where id = ${gone}`, { code: '23505' });
});

test('00005 reverts and applies again', async (t) => {
  const { sql } = await createTestDatabase(t);
  await sql`insert into custom_commands (guild_id, name, response, aliases) values (${GUILD}, 'p', 'x', '{q}')`;
  const reverted = await migrateDown(sql);
  if (reverted[0] !== '00005-command-names.mjs') return t.skip(`the last migration is ${reverted[0]}`);
  assert.equal((await sql`select to_regclass('command_names') as t`)[0]?.t, null);
  await migrateUp(sql);
  assert.deepEqual([...(await sql`select name from command_names order by name`)].map((row) => row.name), ['p', 'q']);
});
