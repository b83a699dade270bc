// Without DISCORD_TOKEN, `all` offers a console that runs the real pipeline.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';

test('typed commands run through the pipeline and are logged with source console', async (t) => {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => {
    printed += chunk;
  });
  const { request, app } = await startTestApp(t, { bot: true, console: { input, output } });
  assert.equal(app.bot?.discord, undefined, 'no Discord connection without a token');
  await request('POST', '/api/commands', { name: 'hello', response: 'Hello {user}! {1}' });

  input.write('!ping\n');
  await eventually(() => assert.match(printed, /Pong!/));
  input.write('!custom hello world\n');
  await eventually(() => assert.match(printed, /Hello you! world/));
  input.write('!hello\n');
  input.write('hello without prefix\n');
  await eventually(() => assert.match(printed, /Commands start with !/));

  const logs = await eventually(async () => {
    const { body } = await request('GET', '/api/logs?limit=10');
    assert.equal(body.items.length, 3);
    return body.items;
  });
  assert.ok(logs.every((row: { source: string; user_id: string }) => row.source === 'console' && row.user_id === 'console'));
  assert.deepEqual(logs.map((row: { command: string }) => row.command).sort(), ['hello', 'hello', 'ping']);
});
