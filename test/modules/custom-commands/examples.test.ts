// A first start on an empty database creates the example command `hello`, once; SEED_EXAMPLES=false skips it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../support/app.ts';
import { createTestDatabase } from '../../support/db.ts';

const globalCommands = async (app: Awaited<ReturnType<typeof startTestApp>>) =>
  (await app.request('GET', '/api/commands?guild_id=global')).body.items as { id: string; name: string; response: string }[];

test('the first start creates hello, using {user}; later starts do not, even once it is deleted', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const first = await startTestApp(t, { db, env: { SEED_EXAMPLES: 'true' } });
  const [hello, ...others] = await globalCommands(first);
  assert.equal(hello?.name, 'hello');
  assert.match(hello?.response ?? '', /\{user\}/);
  assert.deepEqual(others, []);
  const preview = await first.request('POST', `/api/commands/${hello?.id}/preview`, { user_id: '100000000000000042', user_name: 'Ada' });
  assert.match(preview.body.content, /^Hello Ada! I am an example/);
  await first.app.stop();

  const second = await startTestApp(t, { db, env: { SEED_EXAMPLES: 'true' } });
  assert.deepEqual((await globalCommands(second)).map((c) => c.name), ['hello']);
  await second.request('DELETE', `/api/commands/${hello?.id}`);
  await second.app.stop();

  const third = await startTestApp(t, { db, env: { SEED_EXAMPLES: 'true' } });
  assert.deepEqual(await globalCommands(third), []);
});

test('SEED_EXAMPLES=false starts a new database with no commands', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const app = await startTestApp(t, { db, env: { SEED_EXAMPLES: 'false' } });
  assert.deepEqual(await globalCommands(app), []);
});
