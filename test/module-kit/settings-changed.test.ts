// A module's settingsChanged hook, through the API: called once per saved change, in the process that
// saved it, with the guild's context as it now is, whether the module is on and what changed; a hook
// that throws is recorded under the module's name and the change stands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { capturedLog } from '../support/captured-log.ts';
import { pluginsDir } from '../support/plugins.ts';

// The plugin runs in the test's process: it leaves what it was given where the test reads it.
const RECORDER = `export default {
  name: 'recorder',
  description: 'Remembers each settings change it is told of',
  settings: { word: { type: 'string', description: 'A word', maxLength: 20 } },
  settingsChanged(ctx, change) {
    globalThis.settingsChangedCalls.push({ guild: ctx.guild.id, word: ctx.settings.word, change });
    if (change.settings.word === 'boom') throw new Error('the hook failed');
  },
};
`;

interface Call {
  guild: string;
  word: string | null;
  change: { enabled: boolean; settings: Record<string, unknown> };
}

test('settingsChanged: told of each saved change with the context as it now is; its failure leaves the change saved', async (t) => {
  const calls: Call[] = [];
  (globalThis as { settingsChangedCalls?: Call[] }).settingsChangedCalls = calls;
  const { log, lines } = capturedLog();
  const { request } = await startTestApp(t, { log, env: { PLUGINS_DIR: await pluginsDir(t, { write: { 'recorder.mjs': RECORDER } }) } });
  const guild = '950000000000000001';
  const path = `/api/guilds/${guild}/modules/recorder`;

  assert.equal((await request('PATCH', path, { version: 0, settings: { word: 'hello' } })).status, 200);
  assert.deepEqual(calls, [{ guild, word: 'hello', change: { enabled: true, settings: { word: 'hello' } } }]);
  assert.equal((await request('PATCH', path, { version: 1, enabled: false })).status, 200);
  assert.deepEqual(calls[1], { guild, word: 'hello', change: { enabled: false, settings: {} } });

  // A refused change (a stale version) was not saved: no call.
  assert.equal((await request('PATCH', path, { version: 1, settings: { word: 'late' } })).status, 409);
  assert.equal(calls.length, 2);

  const failed = await request('PATCH', path, { version: 2, enabled: true, settings: { word: 'boom' } });
  assert.equal(failed.status, 200);
  assert.equal(failed.body.settings.word, 'boom');
  assert.equal(calls.length, 3);
  const logged = lines.find((l) => l.msg === 'module handler failed');
  assert.deepEqual([logged?.module, logged?.handler, logged?.guild], ['recorder', 'settingsChanged', guild]);
});
