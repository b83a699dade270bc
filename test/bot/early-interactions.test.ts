// A module's button pressed after the gateway connected but before the bot finished starting (its
// modules' `connected` still running) is answered: a bot-only process hands its Discord client to the
// modules before it connects, not when startBot returns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ComponentType, InteractionType } from 'discord-api-types/v10';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';
import { pluginsDir } from '../support/plugins.ts';
import { onTeardown } from '../support/teardown.ts';

// Its `connected` holds the start open until the test lets it go.
const EARLY = `export default {
  name: 'early',
  description: 'Holds the start open',
  components: { press: (ctx) => ctx.reply('answered while starting') },
  connected: () => new Promise((resolve) => { globalThis.concordLetStartFinish = resolve; }),
};\n`;

test("a module's button pressed while a bot-only process is still starting is answered", async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake, guild, channelId, member } = world;
  const api = await startTestApp(t);
  const dir = await pluginsDir(t, { write: { 'early.mjs': EARLY } });
  const starting = startTestApp(t, { api: false, bot: true, db: api.db, env: { ...world.env, PLUGINS_DIR: dir, MODULE_HANDLER_TIMEOUT_MS: '30000' } });
  const hold = globalThis as { concordLetStartFinish?: () => void };
  try {
    await eventually(() => assert.ok(hold.concordLetStartFinish, 'connected to Discord, the modules starting'), 15_000);
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: 'a message with a button' });
    const pressed = fake.sendInteraction({
      type: InteractionType.MessageComponent,
      channel_id: channelId,
      guild_id: guild.id,
      user: member,
      custom_id: 'm:early:press:',
      message_id: message.id,
      component_type: ComponentType.Button,
    });
    const answer = await fake.waitForInteractionReply(pressed.id);
    assert.equal((answer.body.data as { content?: string } | undefined)?.content, 'answered while starting');
  } finally {
    hold.concordLetStartFinish?.();
    await starting;
  }
});
