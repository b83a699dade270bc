// Every change to a custom command is a version and an audit row; versions restore; deletes are soft.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as rawRequest, startTestApp } from '../support/app.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

const GUILD = '111111111111111111';
const RELAYED_USER = '555555555555555555';

test('each API change is one version with its diff and one audit row', async (t) => {
  const { request } = await startTestApp(t);
  const { body: created } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'rules', response: 'Be kind.' });
  await request('PATCH', `/api/commands/${created.id}`, { response: 'Be very kind.', cooldown_seconds: 5 });
  await request('DELETE', `/api/commands/${created.id}`);

  const { status, body } = await request('GET', `/api/commands/${created.id}/versions`);
  assert.equal(status, 200, 'a deleted command keeps its history');
  assert.deepEqual(
    body.items.map((v: { version: number; action: string; source: string; actor_id: string | null }) => [v.version, v.action, v.source, v.actor_id]),
    [
      [3, 'delete', 'api', null],
      [2, 'update', 'api', null],
      [1, 'create', 'api', null],
    ],
  );
  assert.deepEqual(body.items[1].diff, { response: { from: 'Be kind.', to: 'Be very kind.' }, cooldown_seconds: { from: 0, to: 5 } });
  assert.equal(body.items[2].snapshot.response, 'Be kind.');

  const audit = await request('GET', `/api/audit?guild_id=${GUILD}&entity=command`);
  assert.deepEqual(
    audit.body.items.map((e: { action: string; entity_id: string }) => [e.action, e.entity_id]),
    [
      ['delete', created.id],
      ['update', created.id],
      ['create', created.id],
    ],
  );
});

test('a failed change leaves no version and no audit row', async (t) => {
  const { request } = await startTestApp(t);
  const { body: a } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'a', response: 'x' });
  await request('POST', '/api/commands', { guild_id: GUILD, name: 'b', response: 'y' });
  assert.equal((await request('PATCH', `/api/commands/${a.id}`, { name: 'b' })).status, 409);
  assert.equal((await request('GET', `/api/commands/${a.id}/versions`)).body.items.length, 1);
  assert.equal((await request('GET', `/api/audit?guild_id=${GUILD}`)).body.items.length, 2);
});

test('any version can be restored, as a new version', async (t) => {
  const { request } = await startTestApp(t);
  const { body: created } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'faq', response: 'First', aliases: ['q'] });
  await request('PATCH', `/api/commands/${created.id}`, { response: 'Second', aliases: [] });
  const restored = await request('POST', `/api/commands/${created.id}/versions/1/restore`);
  assert.equal(restored.status, 200);
  assert.equal(restored.body.response, 'First');
  assert.deepEqual(restored.body.aliases, ['q']);
  const { body } = await request('GET', `/api/commands/${created.id}/versions`);
  assert.equal(body.items[0].version, 3);
  assert.equal(body.items[0].action, 'restore');
  assert.deepEqual(body.items[0].diff.response, { from: 'Second', to: 'First' });
  assert.equal((await request('POST', `/api/commands/${created.id}/versions/9/restore`)).status, 404);
  assert.equal((await request('POST', `/api/commands/${created.id}/versions/x/restore`)).status, 404);
});

test('a deleted command frees its name, is listed, and can be restored unless its name was taken', async (t) => {
  const { request } = await startTestApp(t);
  const { body: first } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'hello', response: 'Hi' });
  assert.equal((await request('DELETE', `/api/commands/${first.id}`)).status, 204);
  assert.equal((await request('GET', `/api/commands/${first.id}`)).status, 404);
  assert.equal((await request('GET', `/api/commands?guild_id=${GUILD}`)).body.items.length, 0);

  const deleted = await request('GET', `/api/commands?guild_id=${GUILD}&deleted=true`);
  assert.deepEqual(deleted.body.items.map((c: { id: string }) => c.id), [first.id]);
  assert.match(deleted.body.items[0].deleted_at, /^\d{4}-/);

  const { body: second } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'hello', response: 'Hey' });
  const clash = await request('POST', `/api/commands/${first.id}/restore`);
  assert.equal(clash.status, 409);
  assert.equal(clash.body.code, 'COMMAND_NAME_TAKEN');

  await request('DELETE', `/api/commands/${second.id}`);
  const restored = await request('POST', `/api/commands/${first.id}/restore`);
  assert.equal(restored.status, 200);
  assert.equal(restored.body.response, 'Hi');
  assert.equal(restored.body.deleted_at, null);
  assert.equal((await request('POST', `/api/commands/${first.id}/restore`)).status, 404, 'a live command is not deleted');
});

test('a command deleted more than 30 days ago cannot be restored and is purged', async (t) => {
  const { request, db } = await startTestApp(t);
  const { body: old } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'old', response: 'x' });
  await request('DELETE', `/api/commands/${old.id}`);
  await db.sql`update custom_commands set deleted_at = now() - interval '31 days' where id = ${old.id}`;
  assert.equal((await request('POST', `/api/commands/${old.id}/restore`)).status, 404);

  const { body: other } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'other', response: 'y' });
  await request('DELETE', `/api/commands/${other.id}`);
  const rows = await db.sql`select id from custom_commands where id = ${old.id}`;
  assert.equal(rows.length, 0, 'the next delete purged it');
});

test('the token may relay a Discord user; a dashboard user is recorded as themselves', async (t) => {
  const fake = await startFakeDiscord({ token: 'fake-bot-token' });
  t.after(() => fake.close());
  const app = await startTestApp(t, { env: loginEnv(fake) });
  const relayed = await app.request('POST', '/api/commands', { guild_id: GUILD, name: 'relay', response: 'x' }, { 'x-concord-actor': `discord:${RELAYED_USER}` });
  assert.equal(relayed.status, 201);

  const user = fake.createUser({ username: 'mod' });
  const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: GUILD, name: 'G', permissions: PERMISSIONS.manageGuild }] });
  const headers = { cookie, origin: app.url, 'x-concord-actor': `discord:${RELAYED_USER}` };
  const mine = await rawRequest(app.url, 'POST', '/api/commands', { guild_id: GUILD, name: 'mine', response: 'y' }, headers);
  assert.equal(mine.status, 201);

  const audit = await rawRequest(app.url, 'GET', `/api/audit?guild_id=${GUILD}`, undefined, { cookie });
  assert.equal(audit.status, 200);
  assert.deepEqual(
    audit.body.items.map((e: { source: string; actor_id: string }) => [e.source, e.actor_id]),
    [
      ['dashboard', user.id],
      ['discord', RELAYED_USER],
    ],
    'a session cannot pretend to be someone else',
  );
  assert.equal((await rawRequest(app.url, 'GET', '/api/audit', undefined, { cookie })).status, 403, 'every guild at once is for global admins');
});

test('the audit log filters, pages and exports as CSV', async (t) => {
  const { request } = await startTestApp(t);
  for (const name of ['a', 'b', 'c']) await request('POST', '/api/commands', { guild_id: GUILD, name, response: 'x' });
  const first = await request('GET', `/api/audit?guild_id=${GUILD}&limit=2`);
  assert.equal(first.body.items.length, 2);
  const second = await request('GET', `/api/audit?guild_id=${GUILD}&limit=2&cursor=${first.body.next_cursor}`);
  assert.equal(second.body.items.length, 1);
  assert.equal((await request('GET', `/api/audit?action=update`)).body.items.length, 0);
  assert.equal((await request('GET', `/api/audit?since=2999-01-01T00:00:00Z`)).body.items.length, 0);
  assert.equal((await request('GET', `/api/audit?entity=NOPE`)).status, 400);

  const exported = await request('GET', `/api/audit?guild_id=${GUILD}&format=csv`);
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-type') ?? '', /^text\/csv/);
  const lines = String(exported.body).trim().split('\r\n');
  assert.equal(lines[0], 'id,occurred_at,guild_id,actor_id,source,entity,entity_id,action,summary,diff');
  assert.equal(lines.length, 4);
  assert.match(lines[1] ?? '', /,api,command,\d+,create,"create command ""c"" \(version 1\)","\{/);
});

test('parallel edits each diff against the version just before them', async (t) => {
  const { request } = await startTestApp(t);
  const { body: created } = await request('POST', '/api/commands', { guild_id: GUILD, name: 'busy', response: 'v0' });
  const edits = await Promise.all(Array.from({ length: 20 }, (_, i) => request('PATCH', `/api/commands/${created.id}`, { response: `v${i + 1}` })));
  assert.deepEqual(new Set(edits.map((r) => r.status)), new Set([200]));

  const { body } = await request('GET', `/api/commands/${created.id}/versions?limit=50`);
  const versions = [...body.items].reverse() as { version: number; snapshot: { response: string }; diff: { response?: { from: string; to: string } } }[];
  assert.deepEqual(versions.map((v) => v.version), Array.from({ length: 21 }, (_, i) => i + 1));
  for (let i = 1; i < versions.length; i++) {
    const [before, after] = [versions[i - 1], versions[i]];
    assert.deepEqual(after?.diff.response, { from: before?.snapshot.response, to: after?.snapshot.response }, `version ${after?.version}`);
  }
});
