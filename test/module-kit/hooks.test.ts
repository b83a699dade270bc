// The hooks a module has besides its handlers, end to end against the fake Discord: `connected` runs
// once Discord is up and what it returns stops before `teardown`; `commandUsed` hears of every
// command used where the module is on, with the use's fields only; `customIdPrefixes` are for built-in modules only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { capturedLog } from '../support/captured-log.ts';
import { eventually } from '../support/eventually.ts';
import { pluginsDir } from '../support/plugins.ts';
import { onTeardown } from '../support/teardown.ts';

/** A plugin that posts to `channelId` when each hook runs, so the fake Discord shows their order. */
const HERALD = (channelId: string) => `
const post = (ctx, content) => ctx.discord.channels.createMessage('${channelId}', { content });
export default {
  name: 'herald',
  description: 'Says when it is connected, stopped, torn down, and which commands were used',
  async connected(ctx) {
    await post(ctx, 'connected');
    return () => post(ctx, 'stopping');
  },
  async teardown(ctx) {
    await post(ctx, 'torn down');
  },
  async commandUsed(ctx, use) {
    await post(ctx, 'used ' + use.command + ' (' + use.status + ') by ' + use.user_id + ' in ' + ctx.guild.id + ': ' + Object.keys(use).sort().join(','));
  },
};
`;

const SQUATTER = `export default {
  name: 'snooze-squatter',
  description: 'Wants the Snooze buttons of reminders',
  components: { press() {} },
  customIdPrefixes: { 'snooze:': 'press' },
};
`;

test('module hooks', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake, guild, channelId, member } = world;
  const { log, lines } = capturedLog();
  const plugins = await pluginsDir(t, { write: { 'herald.mjs': HERALD(channelId), 'squatter.mjs': SQUATTER } });
  const { app, request } = await startTestApp(t, { bot: true, log, env: { ...world.env, PLUGINS_DIR: plugins } });
  const posted = () => fake.sentMessages.filter((m) => m.channel_id === channelId && !m.body.message_reference).map((m) => String(m.body.content));

  await t.test('a plugin cannot claim a custom_id prefix', () => {
    const refusal = lines.find((line) => line.plugin === 'squatter.mjs');
    assert.equal(refusal?.msg, "plugin refused: customIdPrefixes are for built-in modules (a plugin's custom_ids come from ctx.customId)");
  });

  await t.test('connected runs once Discord is up, with its client', async () => {
    await eventually(() => assert.deepEqual(posted(), ['connected'], 'the connected hook posted'));
  });

  await t.test('commandUsed hears of each command used where the module is on, after its answer', async () => {
    await world.say('!ping');
    // Only what the contract's CommandUse holds: never the log entry's args, names, metadata or error.
    const fields = 'channel_id,command,guild_id,source,status,user_id';
    await eventually(() => assert.ok(posted().includes(`used ping (ok) by ${member.id} in ${guild.id}: ${fields}`), 'the use was told'));
    const { body } = await request('GET', `/api/guilds/${guild.id}/modules`);
    const { version } = body.items.find((m: { name: string }) => m.name === 'herald');
    assert.equal((await request('PATCH', `/api/guilds/${guild.id}/modules/herald`, { version, enabled: false })).status, 200);
    await world.say('!ping');
    await world.say('!help');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(posted().filter((text) => text.startsWith('used')).length, 1, 'not told while off');
  });

  await t.test("what connected returned stops the module's work before teardown", async () => {
    await app.stop();
    assert.deepEqual(posted().slice(-2), ['stopping', 'torn down']);
  });
});
