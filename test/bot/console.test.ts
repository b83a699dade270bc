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

test('in the console, !remind 1s arrives in the console, and !stats answers for the console user', async (t) => {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => {
    printed += chunk;
  });
  await startTestApp(t, { bot: true, console: { input, output }, env: { REMINDER_POLL_INTERVAL_MS: '100', STATS_FLUSH_INTERVAL_MS: '100' } });

  input.write('!remind 1s stretch your legs\n');
  await eventually(() => assert.match(printed, /Reminder #(\d+) set for/));
  const id = /Reminder #(\d+) set for/.exec(printed)?.[1];
  await eventually(() => assert.match(printed, new RegExp(`⏰ Reminder #${id}: stretch your legs\\n`)), 5_000);

  input.write('!stats\n');
  await eventually(() => assert.match(printed, /\*\*Stats for <@console>\*\*/));
  assert.doesNotMatch(printed, /only in a server|not available here/i);
});
