// GET/PATCH /api/guilds/:guild_id/settings: validation naming each field, optimistic concurrency the
// database enforces (parallel PATCHes from one read: exactly one lands), the audit log, the guild
// access rule, NOTIFY to every process, and the OpenAPI document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request, startTestApp, TEST_TOKEN } from '../../support/app.ts';
import { BOT_TOKEN } from '../../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../../support/dashboard-login.ts';
import { eventually } from '../../support/eventually.ts';
import { startFakeDiscord } from '../../support/fake-discord/index.ts';

const GUILD = '110000000000000001';

test('server settings through the API', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, COMMAND_PREFIX: '!', ...loginEnv(fake) } });
  const path = `/api/guilds/${GUILD}/settings`;

  await t.test('a guild that changed nothing has the defaults, version 0', async () => {
    const res = await app.request('GET', path);
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 0);
    assert.equal(res.body.prefix, null);
    assert.deepEqual(res.body.defaults, { prefix: '!', time_zone: 'UTC' });
    assert.ok(res.body.built_in_commands.includes('ping'));
    assert.ok(!res.body.built_in_commands.includes('settings'), 'settings cannot be turned off, so it is not offered');
  });

  await t.test('invalid changes are 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ version: 0, prefix: '' }, 'prefix'],
      [{ version: 0, prefix: 'toolong' }, 'prefix'],
      [{ version: 0, prefix: 'a b' }, 'prefix'],
      [{ version: 0, prefix: '<@1>' }, 'prefix'],
      [{ version: 0, prefix: '@' }, 'prefix'],
      [{ version: 0, prefix: '/' }, 'prefix'],
      [{ version: 0, disabled_commands: ['nope'] }, 'disabled_commands.0'],
      [{ version: 0, disabled_commands: ['ping', 'settings'] }, 'disabled_commands.1'],
      [{ version: 0, disabled_commands: ['help'] }, 'disabled_commands.0'],
      [{ version: 0, time_zone: 'Mars/Base' }, 'time_zone'],
      [{ version: 0, time_zone: '+02:00' }, 'time_zone'],
      [{ version: 0, viewer_role_ids: ['abc'] }, 'viewer_role_ids.0'],
      [{ version: 0, editor_role_ids: 'x' }, 'editor_role_ids'],
      [{ prefix: '?' }, 'version'],
      [{ version: -1, prefix: '?' }, 'version'],
      [{ version: 0, colour: 'red' }, 'colour'],
      [{ version: 0 }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await app.request('PATCH', path, body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === field), `${JSON.stringify(body)}: ${JSON.stringify(res.body.errors)}`);
    }
    assert.equal((await app.request('GET', path)).body.version, 0, 'nothing was written');
  });

  await t.test('a change lands, bumps the version and is in the audit log with before and after', async () => {
    const res = await app.request('PATCH', path, { version: 0, prefix: '?', time_zone: 'europe/berlin', viewer_role_ids: ['120000000000000001', '120000000000000001'] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.version, 1);
    assert.equal(res.body.prefix, '?');
    assert.equal(res.body.time_zone, 'Europe/Berlin', 'stored under its canonical name');
    assert.deepEqual(res.body.viewer_role_ids, ['120000000000000001'], 'duplicates dropped');
    assert.equal(res.body.updated_by, null, 'the API token is no Discord user');
    const second = await app.request('PATCH', path, { version: 1, prefix: null, disabled_commands: ['TOP', 'ping'] });
    assert.equal(second.body.version, 2);
    assert.equal(second.body.prefix, null, 'null goes back to the default');
    assert.deepEqual(second.body.disabled_commands, ['ping', 'top']);
    assert.equal(second.body.time_zone, 'Europe/Berlin', 'what the PATCH leaves out stays');

    const audit = await app.request('GET', `/api/audit?guild_id=${GUILD}&entity=settings`);
    assert.equal(audit.body.items.length, 2);
    const [latest, first] = audit.body.items;
    assert.deepEqual(latest.diff, { prefix: { from: '?', to: null }, disabled_commands: { from: [], to: ['ping', 'top'] } });
    assert.deepEqual(first.diff.time_zone, { from: null, to: 'Europe/Berlin' });
    assert.equal(first.source, 'api');
  });

  await t.test('a change from an old version is 409 and changes nothing', async () => {
    const res = await app.request('PATCH', path, { version: 1, prefix: '$' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'SETTINGS_VERSION_CONFLICT');
    assert.equal((await app.request('GET', path)).body.prefix, null);
  });

  await t.test('parallel changes from the same read: exactly one lands, the others are 409', async () => {
    for (const [guildId, version] of [
      ['110000000000000002', 0],
      [GUILD, 2],
    ] as const) {
      const answers = await Promise.all(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((prefix) => app.request('PATCH', `/api/guilds/${guildId}/settings`, { version, prefix })),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409], `from version ${version}`);
      const winner = answers.find((a) => a.status === 200)?.body;
      const now = (await app.request('GET', `/api/guilds/${guildId}/settings`)).body;
      assert.equal(now.prefix, winner.prefix);
      assert.equal(now.version, version + 1);
      const audit = await app.request('GET', `/api/audit?guild_id=${guildId}&entity=settings`);
      assert.equal(audit.body.items.filter((e: { summary: string }) => e.summary.includes(`version ${version + 1}`)).length, 1);
    }
  });

  await t.test("another guild's admin gets 403; a malformed id 404", async () => {
    const ada = fake.createUser({ username: 'ada' });
    const { cookie } = await loginAs(app.url, fake, { user: ada, guilds: [{ id: '110000000000000009', name: 'Mine', permissions: PERMISSIONS.manageGuild }] });
    const read = await request(app.url, 'GET', path, undefined, { cookie });
    assert.equal(read.status, 403);
    const write = await request(app.url, 'PATCH', path, { version: 3, prefix: 'x' }, { cookie, origin: app.url });
    assert.equal(write.status, 403);
    assert.equal((await app.request('GET', path)).body.version, 3, 'nothing changed');
    const own = await request(app.url, 'PATCH', '/api/guilds/110000000000000009/settings', { version: 0, prefix: 'x' }, { cookie, origin: app.url });
    assert.equal(own.status, 200);
    assert.equal(own.body.updated_by, ada.id, 'a dashboard change names its user');
    assert.equal((await app.request('GET', '/api/guilds/abc/settings')).status, 404);
  });

  await t.test('a change made by another process reaches this one by NOTIFY, as an event', async () => {
    const res = await fetch(`${app.url}/api/events`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    // Another process: a statement on the database, not through this API.
    await app.db.sql`update guild_settings set prefix = '%', version = version + 1 where guild_id = ${GUILD}`;
    await eventually(async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
      assert.match(text, new RegExp(`event: settings\\ndata: \\{"type":"settings","guild_id":"${GUILD}"\\}`));
    });
    await reader.cancel();
  });

  await t.test('the routes are in the OpenAPI document', async () => {
    const doc = await app.request('GET', '/api/openapi.json');
    const item = doc.body.paths['/api/guilds/{guild_id}/settings'];
    assert.ok(item.get && item.patch);
    assert.ok(item.patch.responses['409']);
  });
});
