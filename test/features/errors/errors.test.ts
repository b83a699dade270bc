// Error tracking: unexpected errors in commands and HTTP handlers land in error_events once per
// fingerprint, with a count and the short id the user or client was shown; a user's erasure takes
// their id out of them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fingerprintSource } from '../../../src/features/errors/fingerprint.ts';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';

test('errors are tracked', async (t) => {
  const { say, request, db, admin, member } = await startBotApp(t, { env: { PLUGINS_DIR: join(import.meta.dirname, 'fixtures') } });

  await t.test('a failing command gets a short id; its group counts each occurrence once', async () => {
    const first = await say('!boom', member);
    const second = await say('!boom', admin);
    const ids = [first, second].map((reply) => /error `([0-9a-f]{8})`/.exec(reply.content)?.[1]);
    assert.ok(ids[0] && ids[1] && ids[0] !== ids[1], `short ids in ${first.content}`);
    assert.doesNotMatch(first.content, /TypeError|cannot read|boom\.mjs/, 'no detail reaches the user');
    const group = await eventually(async () => {
      const { body } = await request('GET', '/api/errors');
      const found = body.items.find((g: { source: string }) => g.source === 'command');
      assert.equal(found?.count, '2');
      return found;
    });
    assert.equal(group.error_type, 'TypeError');
    assert.equal(group.last_error_id, ids[1]);
    assert.equal(group.status, 'open');
    assert.deepEqual(group.context, { command: 'boom', guild_id: group.context.guild_id, user_id: admin.id, source: 'prefix' });
    assert.match(group.stack, /boom\.mjs/);
  });

  await t.test('an HTTP handler error is a 500 with an id, recorded with the request', async () => {
    await db.sql`drop table command_logs cascade`;
    const responses = [await request('GET', '/api/logs'), await request('GET', '/api/logs')];
    for (const response of responses) {
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.doesNotMatch(JSON.stringify(response.body), /command_logs|relation/, 'no detail reaches the client');
    }
    const shownId = /error id ([\w-]{8})/.exec(responses[1]?.body.detail)?.[1];
    const group = await eventually(async () => {
      const { body } = await request('GET', '/api/errors?status=open');
      const found = body.items.find((g: { source: string }) => g.source === 'http');
      assert.equal(found?.count, '2');
      return found;
    });
    assert.equal(group.last_error_id, shownId);
    assert.equal(group.context.route, '/api/logs');
    assert.equal(group.context.request_id, responses[1]?.body.request_id);
  });

  await t.test('a group can be resolved, and reopens when the error comes back', async () => {
    const { body } = await request('GET', '/api/errors');
    const group = body.items.find((g: { source: string }) => g.source === 'command');
    const resolved = await request('POST', `/api/errors/${group.id}/resolve`);
    assert.equal(resolved.body.status, 'resolved');
    assert.equal((await request('GET', '/api/errors?status=open')).body.items.some((g: { id: string }) => g.id === group.id), false);
    await say('!boom', member);
    await eventually(async () => {
      const { body: open } = await request('GET', '/api/errors?status=open');
      assert.equal(open.items.find((g: { id: string }) => g.id === group.id)?.count, '3');
    });
    assert.equal((await request('POST', '/api/errors/999999/resolve')).status, 404);
  });

  await t.test("deleting a user's data takes their id out of the groups that name them", async () => {
    const named = async () => ((await request('GET', '/api/errors')).body.items as { source: string; context: Record<string, unknown> }[]).find((g) => g.source === 'command');
    assert.equal((await named())?.context.user_id, member.id, 'the latest occurrence was theirs');
    const res = await request('DELETE', `/api/users/${member.id}/data`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body.modules as { module: string }[]).find((m) => m.module === 'errors'),
      { module: 'errors', deleted: 1 },
    );
    assert.deepEqual((await named())?.context, { command: 'boom', guild_id: (await named())?.context.guild_id, source: 'prefix' });
  });
});

test('fingerprints ignore messages, line numbers and install paths', () => {
  const at = (path: string, line: number) => `Error: x\n    at run (${path}:${line}:7)\n    at main (${path}:${line + 9}:3)`;
  const withStack = (message: string, stack: string) => Object.assign(new Error(message), { stack });
  const cases: [string, Error, Error, boolean][] = [
    ['different messages', withStack('user 1', at('/app/src/a.ts', 3)), withStack('user 2', at('/app/src/a.ts', 3)), true],
    ['moved lines', withStack('x', at('/app/src/a.ts', 3)), withStack('x', at('/app/src/a.ts', 30)), true],
    ['another install path', withStack('x', at('file:///srv/one/src/a.ts', 3)), withStack('x', at('/home/two/src/a.ts', 3)), true],
    ['another file', withStack('x', at('/app/src/a.ts', 3)), withStack('x', at('/app/src/b.ts', 3)), false],
    ['another type', withStack('x', at('/app/src/a.ts', 3)), Object.assign(new TypeError('x'), { stack: at('/app/src/a.ts', 3) }), false],
  ];
  for (const [name, a, b, same] of cases) assert.equal(fingerprintSource(a) === fingerprintSource(b), same, name);
});
