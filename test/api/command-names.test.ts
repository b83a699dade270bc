// A name or alias is taken once per guild however requests interleave: the database holds the rule,
// so these fire their requests at the same time and then read what the database kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sql } from '../../src/platform/db/connect.ts';
import { startTestApp, type TestResponse } from '../support/app.ts';

const GUILD = '111111111111111111';
const PAIRS = 10;

test('parallel "p with alias q" and "q" never both succeed', async (t) => {
  const { request, db } = await startTestApp(t);
  const results = await Promise.all(
    Array.from({ length: PAIRS }, (_, i) => [
      request('POST', '/api/commands', { guild_id: GUILD, name: `p${i}`, response: 'x', aliases: [`q${i}`] }),
      request('POST', '/api/commands', { guild_id: GUILD, name: `Q${i}`, response: 'y' }),
    ]).flat(),
  );
  for (let i = 0; i < PAIRS; i++) {
    const [withAlias, plain] = [results[2 * i], results[2 * i + 1]] as [TestResponse, TestResponse];
    assert.deepEqual([withAlias.status, plain.status].sort(), [201, 409], `pair ${i}: ${withAlias.status} and ${plain.status}`);
    const loser = withAlias.status === 409 ? withAlias : plain;
    assert.equal(loser.body.code, 'COMMAND_NAME_TAKEN');
    assert.equal(loser.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(loser.body.errors.map((e: { field: string }) => e.field), [loser === withAlias ? 'aliases' : 'name']);
  }
  await assertNoNameTakenTwice(db.sql);
  assert.equal(await countLive(db.sql), PAIRS);
});

test('parallel writes of every kind keep one owner per name (aliases, renames, restores, global commands)', async (t) => {
  const { request, db } = await startTestApp(t);
  const create = (body: object) => request('POST', '/api/commands', { response: 'x', ...body });
  const ids: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    ids.push((await create({ guild_id: GUILD, name: `rename${i}` })).body.id);
    const deleted = (await create({ guild_id: GUILD, name: `back${i}`, aliases: [`b${i}`] })).body.id;
    await request('DELETE', `/api/commands/${deleted}`);
    ids.push(deleted);
  }
  const results = await Promise.all(
    Array.from({ length: PAIRS }, (_, i) => [
      // Two new commands wanting the same alias.
      create({ guild_id: GUILD, name: `a${i}`, aliases: [`shared${i}`] }),
      create({ guild_id: GUILD, name: `c${i}`, aliases: [`SHARED${i}`] }),
      // A rename racing a create of the same name.
      request('PATCH', `/api/commands/${ids[2 * i]}`, { name: `taken${i}` }),
      create({ guild_id: GUILD, name: `other${i}`, aliases: [`taken${i}`] }),
      // A restore racing a create that wants the deleted command's alias.
      request('POST', `/api/commands/${ids[2 * i + 1]}/restore`),
      create({ guild_id: GUILD, name: `b${i}` }),
      // The global commands are one namespace too.
      create({ name: `g${i}`, aliases: [`gg${i}`] }),
      create({ name: `gg${i}` }),
    ]).flat(),
  );
  for (let i = 0; i < results.length; i += 2) {
    const pair = [results[i], results[i + 1]] as [TestResponse, TestResponse];
    const statuses = pair.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 409).length, 1, `pair ${i / 2}: ${statuses.join(' and ')}`);
    assert.ok(statuses.every((s) => s === 409 || s === 200 || s === 201), statuses.join(' and '));
    assert.equal(pair.find((r) => r.status === 409)?.body.code, 'COMMAND_NAME_TAKEN');
  }
  await assertNoNameTakenTwice(db.sql);
});

test('a deleted command frees its names; a rename frees the old one', async (t) => {
  const { request } = await startTestApp(t);
  const { body: first } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'old', response: 'x', aliases: ['o'] });
  await request('PATCH', `/api/commands/${first.id}`, { name: 'new', aliases: ['n'] });
  assert.equal((await request('POST', '/api/commands', { guild_id: GUILD, name: 'old', response: 'y', aliases: ['o'] })).status, 201);
  const clash = await request('POST', '/api/commands', { guild_id: GUILD, name: 'n', response: 'y' });
  assert.equal(clash.status, 409);
  assert.match(clash.body.detail, /command "new" in guild 111111111111111111 already uses the name "n"/);
  await request('DELETE', `/api/commands/${first.id}`);
  assert.equal((await request('POST', '/api/commands', { guild_id: GUILD, name: 'n', response: 'y' })).status, 201);
});

/** Fails when any name or alias belongs to two live commands of one namespace. */
async function assertNoNameTakenTwice(sql: Sql) {
  const rows = await sql`
    select coalesce(guild_id, '') as guild, lower(n) as name, array_agg(id order by id) as ids
    from custom_commands, unnest(array[name] || aliases) as n
    where deleted_at is null
    group by 1, 2 having count(*) > 1`;
  assert.deepEqual([...rows], [], 'names taken twice');
}

async function countLive(sql: Sql): Promise<number> {
  const [row] = await sql`select count(*)::int as n from custom_commands where deleted_at is null`;
  return row?.n as number;
}
