// Export a guild's commands, then import them into another guild: a dry run first, conflicts listed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp, TEST_TOKEN } from '../support/app.ts';

const FROM = '111111111111111111';
const TO = '222222222222222222';
const ROLE = '900000000000000001';

test('export then import into another guild with a conflict', async (t) => {
  const { request, url } = await startTestApp(t);
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
  assert.match(exported.body.exported_at, /^\d{4}-\d\d-\d\dT/);
  // The file as the export route wrote it, byte for byte (the dashboard posts it the same way).
  const file = await exportFile(url, FROM);

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

  const onlyRules = { ...exported.body, commands: exported.body.commands.filter((c: { name: string }) => c.name === 'rules') };
  const overwritten = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false&on_conflict=overwrite`, onlyRules);
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

test('the file the export route wrote imports as it is', async (t) => {
  const { request, url } = await startTestApp(t);
  await request('POST', '/api/commands', {
    guild_id: FROM,
    name: 'rules',
    response: '',
    aliases: ['r'],
    metadata: { team: 'mods' },
    embeds: [{ title: 'Rules for {user}', color: '#00ff00', fields: [{ name: '1', value: 'Be kind', inline: true }], timestamp: true }],
    buttons: [{ label: 'FAQ', run: 'faq', style: 'primary' }],
  });
  await request('POST', '/api/commands', {
    guild_id: FROM,
    name: 'faq',
    response: 'Read it',
    trigger: { type: 'regex', pattern: 'fa+q' },
    cooldown_seconds: 3,
    responses: ['Or this'],
    responses_rich: [{ buttons: [{ label: 'Docs', url: 'https://example.com/faq' }] }],
  });
  const file = await exportFile(url, FROM);
  const rules = JSON.parse(file).commands.find((c: { name: string }) => c.name === 'rules');
  assert.deepEqual(rules.embeds, [{ title: 'Rules for {user}', color: 0x00ff00, fields: [{ name: '1', value: 'Be kind', inline: true }], timestamp: true }]);
  assert.deepEqual(rules.buttons, [{ label: 'FAQ', run: 'faq', style: 'primary' }]);
  assert.ok(JSON.parse(file).exported_at, 'the file carries its export time');

  const dry = await request('POST', `/api/guilds/${TO}/commands/import`, file);
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.deepEqual(dry.body.created, ['faq', 'rules']);
  const real = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false`, file);
  assert.equal(real.status, 200, JSON.stringify(real.body));
  assert.deepEqual(real.body.created, ['faq', 'rules']);
  // Exported again from where it landed, it is the same file but for the guild and the time.
  const again = JSON.parse(await exportFile(url, TO));
  const first = JSON.parse(file);
  assert.deepEqual(again.commands, first.commands);
});

test('an import that fails half-way writes nothing, and its dry run fails the same way', async (t) => {
  const { request, db } = await startTestApp(t);
  const file = {
    format: 'concord.commands.v1',
    guild_id: FROM,
    commands: [
      { name: 'fine', response: 'ok' },
      // Valid on its own by the file schema; refused when the command is written.
      { name: 'loop', response: 'x', aliases: ['loop'] },
    ],
  };
  const dry = await request('POST', `/api/guilds/${TO}/commands/import`, file);
  const real = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false`, file);
  assert.equal(real.status, 422);
  const [row] = await db.sql`select count(*)::int as n from custom_commands`;
  assert.equal(row?.n, 0, 'not even the first command is written');
  assert.equal(dry.status, real.status, 'the dry run runs the checks the import runs');
  assert.deepEqual(real.body.errors.map((e: { field: string }) => e.field), ['commands.1.aliases']);
  assert.deepEqual(dry.body.errors, real.body.errors);
});

test('an import that times out answers 503 and has written nothing', async (t) => {
  const { request, db } = await startTestApp(t, { env: { REQUEST_TIMEOUT_MS: '100' } });
  const commands = Array.from({ length: 1_000 }, (_, i) => ({ name: `c${i}`, response: `reply ${i}` }));
  const res = await request('POST', `/api/guilds/${TO}/commands/import?dry_run=false`, { format: 'concord.commands.v1', guild_id: TO, commands });
  assert.equal(res.status, 503, 'a thousand commands take longer than 100 ms');
  assert.equal(res.body.code, 'REQUEST_TIMEOUT');
  const [row] = await db.sql`select (select count(*) from custom_commands)::int as commands, (select count(*) from audit_log)::int as audit`;
  assert.deepEqual({ ...row }, { commands: 0, audit: 0 }, 'a 503 means nothing was written');
});

/** The export file exactly as the route sends it. */
async function exportFile(url: string, guildId: string): Promise<string> {
  const res = await fetch(`${url}/api/guilds/${guildId}/commands/export`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  assert.equal(res.status, 200);
  return res.text();
}
