// Export a guild's commands, then import them into another guild: a dry run first, conflicts listed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';

const FROM = '111111111111111111';
const TO = '222222222222222222';
const ROLE = '900000000000000001';

test('export then import into another guild with a conflict', async (t) => {
  const { request } = await startTestApp(t);
  await request('POST', '/api/commands', { guild_id: FROM, name: 'rules', response: 'Be kind', aliases: ['r'] });
  await request('POST', '/api/commands', { guild_id: FROM, name: 'faq', response: 'Read it', responses: ['Read it again'], trigger: { type: 'contains', pattern: 'faq' } });
  await request('POST', '/api/commands', { guild_id: FROM, name: 'mods', response: 'Mods!', permissions: { allow_roles: [ROLE] } });
  await request('POST', '/api/commands', { name: 'global', response: 'not exported' });
  const { body: existing } = await request('POST', '/api/commands', { guild_id: TO, name: 'rules', response: 'Our own rules' });

  const exported = await request('GET', `/api/guilds/${FROM}/commands/export`);
  assert.equal(exported.status, 200);
  assert.equal(exported.body.format, 'concord.commands.v1');
  assert.deepEqual(exported.body.commands.map((c: { name: string }) => c.name), ['faq', 'mods', 'rules']);
  assert.equal(exported.body.commands[0].trigger.pattern, 'faq');
  assert.deepEqual(exported.body.commands[0].responses, ['Read it again']);
  assert.equal(exported.body.commands[0].id, undefined, 'ids stay behind');
  const file = { format: exported.body.format, guild_id: exported.body.guild_id, commands: exported.body.commands };

  const dry = await request('POST', `/api/guilds/${TO}/commands/import`, file);
  assert.equal(dry.status, 200);
  assert.equal(dry.body.dry_run, true);
  assert.deepEqual(dry.body.conflicts, [{ name: 'rules', existing_id: existing.id, existing_name: 'rules', kind: 'name' }]);
  assert.equal((await request('GET', `/api/commands?guild_id=${TO}`)).body.items.length, 1, 'a dry run writes nothing');

  const refused = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false`, file);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'IMPORT_CONFLICTS');

  const skipped = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false&on_conflict=skip`, file);
  assert.equal(skipped.status, 200);
  assert.deepEqual(skipped.body.created, ['faq', 'mods']);
  assert.deepEqual(skipped.body.skipped, ['rules']);
  assert.deepEqual(skipped.body.notes, ['mods: permissions dropped; their role and channel ids belong to another guild']);
  const { body: after } = await request('GET', `/api/commands?guild_id=${TO}`);
  assert.deepEqual(after.items.map((c: { name: string }) => c.name).sort(), ['faq', 'mods', 'rules']);
  assert.equal(after.items.find((c: { name: string }) => c.name === 'rules').response, 'Our own rules');

  const overwritten = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false&on_conflict=overwrite`, { ...file, commands: file.commands.filter((c: { name: string }) => c.name === 'rules') });
  assert.deepEqual(overwritten.body.updated, ['rules']);
  assert.equal((await request('GET', `/api/commands/${existing.id}`)).body.response, 'Be kind');
  const { body: versions } = await request('GET', `/api/commands/${existing.id}/versions`);
  assert.equal(versions.items[0].action, 'update', 'an overwrite is a version, so it can be undone');
});

test('a file that is not an export is 422', async (t) => {
  const { request } = await startTestApp(t);
  const res = await request('POST', `/api/guilds/${TO}/commands/import`, { format: 'other', guild_id: null, commands: [{ name: 'x y' }] });
  assert.equal(res.status, 422);
  const fields = res.body.errors.map((e: { field: string }) => e.field);
  assert.ok(fields.includes('format'));
  assert.ok(fields.includes('commands.0.name'));
});
