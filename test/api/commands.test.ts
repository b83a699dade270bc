import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';

const GUILD = '111111111111111111';
const OTHER_GUILD = '222222222222222222';


test('create, read, change and delete a command', async (t) => {
  const { request } = await startTestApp(t);
  const created = await request('POST', '/api/commands', {
    guild_id: GUILD,
    name: 'Hello',
    response: 'Hi {user}!',
    aliases: ['hi'],
    cooldown_seconds: 5,
  });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('location'), `/api/commands/${created.body.id}`);
  assert.equal(created.body.name, 'hello', 'names are stored lowercase');
  assert.equal(created.body.guild_id, GUILD);
  assert.equal(created.body.use_count, 0);
  assert.equal(created.body.enabled, true);
  assert.match(created.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const read = await request('GET', `/api/commands/${created.body.id}`);
  assert.deepEqual(read.body, created.body);

  const changed = await request('PATCH', `/api/commands/${created.body.id}`, { response: 'Hey {user}', enabled: false });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.response, 'Hey {user}');
  assert.equal(changed.body.enabled, false);
  assert.equal(changed.body.name, 'hello');

  assert.equal((await request('DELETE', `/api/commands/${created.body.id}`)).status, 204);
  assert.equal((await request('GET', `/api/commands/${created.body.id}`)).status, 404);
  assert.equal((await request('DELETE', `/api/commands/${created.body.id}`)).status, 404);
});

test('a duplicate name in the same guild is 409, in another guild it is fine', async (t) => {
  const { request } = await startTestApp(t);
  assert.equal((await request('POST', '/api/commands', { guild_id: GUILD, name: 'rules', response: 'x' })).status, 201);
  const duplicate = await request('POST', '/api/commands', { guild_id: GUILD, name: 'RULES', response: 'y' });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.headers.get('content-type'), 'application/problem+json');
  assert.equal(duplicate.body.code, 'COMMAND_NAME_TAKEN');
  const aliasClash = await request('POST', '/api/commands', { guild_id: GUILD, name: 'other', response: 'y', aliases: ['rules'] });
  assert.equal(aliasClash.status, 409);
  assert.equal((await request('POST', '/api/commands', { guild_id: OTHER_GUILD, name: 'rules', response: 'z' })).status, 201);
  assert.equal((await request('POST', '/api/commands', { name: 'rules', response: 'global' })).status, 201);
});

test('a listed command reads as it does on its own (the list writes its JSON columns as PostgreSQL gave them)', async (t) => {
  const { request, db } = await startTestApp(t);
  const full = await request('POST', '/api/commands', {
    guild_id: GUILD,
    name: 'full',
    response: 'One "quoted" {user}\nline \u2028 and 🎉',
    description: 'every field set',
    aliases: ['f', 'ful'],
    cooldown_seconds: 3,
    channel_cooldown_seconds: 4,
    guild_cooldown_seconds: 5,
    metadata: { note: 'a "quote", a \\ and \t', nested: { n: 1.5, list: [true, null, 'é'] }, big: 12345678901234 },
    trigger: { type: 'contains', pattern: 'hello "there"', case_sensitive: true },
    responses: ['two', 'three', 'four'],
    permissions: { allow_roles: ['333333333333333333'], deny_roles: [], allow_channels: [], deny_channels: ['444444444444444444'] },
    embeds: [{ title: 'Card', fields: [{ name: 'n', value: 'v', inline: true }] }],
    buttons: [{ label: 'Docs', url: 'https://example.com/a?b=c&d' }],
    responses_rich: [{ embeds: [{ title: 'rich' }] }, { buttons: [{ label: 'Go', url: 'https://example.com' }] }, {}],
    slash: true,
  });
  assert.equal(full.status, 201, JSON.stringify(full.body));
  const menu = await request('POST', '/api/commands', { guild_id: GUILD, name: 'menu', response: 'x', context: 'user' });
  assert.equal(menu.status, 201, JSON.stringify(menu.body));
  // Used: use_count is a number; microseconds in a timestamp are cut as on its own; an entry stored
  // before both parts were filled in is shown with them; numbers no double holds (a restored backup,
  // an edit in SQL) read as they do on their own, null and 0.
  await db.sql`update custom_commands set use_count = 41, updated_at = '2026-12-08 01:02:03.999999+00',
    responses_rich = '[{"embeds": [{"title": "rich"}]}, {}, {"buttons": []}]',
    metadata = metadata || '{"huge": 1e400, "tiny": -1e-400, "long": 12345678901234567890}' where id = ${full.body.id}`;
  const global = await request('POST', '/api/commands', { name: 'plain', response: 'x' });

  const listed = await request('GET', `/api/commands?guild_id=${GUILD}&limit=2`);
  assert.equal(listed.status, 200);
  assert.equal(listed.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(listed.body.items.map((c: { name: string }) => c.name), ['full', 'menu']);
  assert.ok(listed.body.next_cursor, 'a full page has a cursor');
  for (const item of [...listed.body.items, ...(await request('GET', '/api/commands?guild_id=global')).body.items]) {
    assert.deepEqual(item, (await request('GET', `/api/commands/${item.id}`)).body);
  }
  assert.equal(listed.body.items[0].use_count, 41);
  assert.deepEqual([listed.body.items[0].metadata.huge, Object.is(listed.body.items[0].metadata.tiny, 0)], [null, true]);
  assert.equal(listed.body.items[0].updated_at, '2026-12-08T01:02:03.999Z');
  assert.deepEqual(listed.body.items[0].responses_rich, [{ embeds: [{ title: 'rich' }], buttons: [] }, { embeds: [], buttons: [] }, { embeds: [], buttons: [] }]);
  assert.equal((await request('GET', '/api/commands?guild_id=global')).body.items[0].id, global.body.id);
  const rest = await request('GET', `/api/commands?guild_id=${GUILD}&limit=2&cursor=${listed.body.next_cursor}`);
  assert.deepEqual(rest.body, { items: [], next_cursor: null });
});

test('invalid fields are 422 problems naming each field', async (t) => {
  const { request } = await startTestApp(t);
  const res = await request('POST', '/api/commands', {
    guild_id: '12',
    name: 'no spaces allowed',
    response: 'x'.repeat(2001),
    cooldown_seconds: 1.5,
    surprise: true,
  });
  assert.equal(res.status, 422);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  assert.equal(res.body.type, 'urn:concord:problem:validation-failed');
  assert.equal(res.body.status, 422);
  const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
  assert.deepEqual(fields, ['cooldown_seconds', 'guild_id', 'name', 'response', 'surprise']);
  assert.match(res.body.detail, /response: must be at most 2000 characters/);
});

test('templates are checked when saved', async (t) => {
  const { request } = await startTestApp(t);
  const res = await request('POST', '/api/commands', { name: 'pick', response: 'I pick {choose:}' });
  assert.equal(res.status, 422);
  assert.deepEqual(res.body.errors, [{ field: 'response', message: '{choose:} needs options: {choose:first|second}' }]);
  assert.equal((await request('POST', '/api/commands', { name: 'pick', response: '{unknown} stays' })).status, 201);
});

test('an empty PATCH and a bad id are rejected', async (t) => {
  const { request } = await startTestApp(t);
  const { body } = await request('POST', '/api/commands', { name: 'x', response: 'y' });
  assert.equal((await request('PATCH', `/api/commands/${body.id}`, {})).status, 422);
  assert.equal((await request('PATCH', '/api/commands/abc', { response: 'z' })).status, 404);
  assert.equal((await request('GET', '/api/commands/99999')).body.code, 'COMMAND_NOT_FOUND');
});

test('the list filters by guild and search text and pages with a cursor', async (t) => {
  const { request } = await startTestApp(t);
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
    await request('POST', '/api/commands', { guild_id: GUILD, name, response: `${name}!` });
  }
  await request('POST', '/api/commands', { guild_id: OTHER_GUILD, name: 'alpha', response: 'other' });
  await request('POST', '/api/commands', { name: 'omega', response: 'global' });

  const guild = await request('GET', `/api/commands?guild_id=${GUILD}`);
  assert.deepEqual(guild.body.items.map((c: { name: string }) => c.name), ['alpha', 'beta', 'gamma', 'delta']);
  assert.equal(guild.body.next_cursor, null);

  const global = await request('GET', '/api/commands?guild_id=global');
  assert.deepEqual(global.body.items.map((c: { name: string }) => c.name), ['omega']);

  const search = await request('GET', '/api/commands?q=ALP');
  assert.equal(search.body.items.length, 2);

  const first = await request('GET', `/api/commands?guild_id=${GUILD}&limit=3`);
  assert.equal(first.body.items.length, 3);
  assert.ok(first.body.next_cursor);
  const second = await request('GET', `/api/commands?guild_id=${GUILD}&limit=3&cursor=${first.body.next_cursor}`);
  assert.deepEqual(second.body.items.map((c: { name: string }) => c.name), ['delta']);

  const bad = await request('GET', '/api/commands?limit=500&guild_id=nope');
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['query.guild_id', 'query.limit']);
  assert.equal((await request('GET', '/api/commands?cursor=garbage')).status, 400);
});
