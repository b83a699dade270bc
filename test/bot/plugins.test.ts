// Plugins from PLUGINS_DIR: the example loads and answers; bad or clashing plugins are refused.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { collectModules } from '../../src/module-kit/registry.ts';
import { BUILT_IN_MODULES } from '../../src/modules/index.ts';
import { createLogger } from '../../src/platform/log.ts';
import { startBotApp } from '../support/bot.ts';

const EXAMPLES = join(import.meta.dirname, '../fixtures/plugins');

test('the example plugin loads and answers as /roll and !roll, with its cooldown', async (t) => {
  const { say, fake, channelId, guild, member, admin } = await startBotApp(t, { env: { PLUGINS_DIR: EXAMPLES } });
  const commands = (fake.commandOverwrites[0]?.commands ?? []) as { name: string }[];
  assert.ok(commands.some((c) => c.name === 'roll'), 'registered as a slash command');
  const interaction = fake.sendInteraction({
    channel_id: channelId,
    guild_id: guild.id,
    user: member,
    name: 'roll',
    options: [{ type: 3, name: 'dice', value: '1d20' }],
  } as never);
  const response = await fake.waitForInteractionReply(interaction.id);
  assert.match(String((response.body.data as { content: string }).content), /^Bob rolled 1d20: \d+ = /);
  assert.match((await say('!roll 2d6', admin)).content, /^Ada rolled 2d6: \d \+ \d = \*\*\d+\*\*$/);
  assert.match((await say('!roll 1d6', admin)).content, /^Slow down/, 'the plugin cooldown holds');
});

test('invalid and clashing plugins are refused with a clear line, the rest still load', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-plugins-'));
  await writeFile(join(dir, 'a-clash.mjs'), "export default { name: 'ping', description: 'mine', run() {} };\n");
  await writeFile(join(dir, 'b-bad.mjs'), "export default { name: 'Bad Name', description: '' };\n");
  await writeFile(join(dir, 'c-broken.mjs'), 'export default {{;\n');
  await writeFile(join(dir, 'd-good.mjs'), "export const commands = [{ name: 'hi', description: 'Say hi', run: (ctx) => ctx.reply('hi') }];\n");
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { modules } = await collectModules(BUILT_IN_MODULES, dir, createLogger('info', sink));
  const plugins = modules.filter((m) => m.source === 'plugin');
  assert.deepEqual(
    plugins.map((m) => [m.name, m.definition.commands?.map((c) => c.name)]),
    [['d-good', ['hi']]],
  );
  const errors = lines.map((line) => JSON.parse(line)).filter((line) => line.level === 50);
  assert.deepEqual(
    errors.map((e) => [e.plugin, e.msg]),
    [
      ['a-clash.mjs', 'plugin refused: command "ping" clashes with a command already loaded'],
      ['b-bad.mjs', 'plugin refused: name: must be 1-32 of a-z, 0-9 and -, starting with a letter; description: must not be empty'],
      ['c-broken.mjs', 'plugin refused: it failed to load'],
    ],
  );
});
