// A plain guild message is matched against each module's dynamic commands with the module's context
// and the bot's services: one context per cached module context, its getters live, none per message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BotServices, MatchContext, ModuleParts, PlainMessage } from '../../src/module-kit/command-types.ts';
import { matchMessage } from '../../src/module-kit/dynamic-commands.ts';

test("a message's match gets its module's live context and the bot's services, made once per context", async () => {
  let instance = 'before';
  const context = {
    module: 'notes',
    settings: {},
    log: {},
    customId: () => '',
    get instance() {
      return instance;
    },
  } as unknown as ModuleParts;
  const seen: MatchContext[] = [];
  const dynamic = { find: () => undefined, names: () => [], match: (ctx: MatchContext) => void seen.push(ctx) };
  const services = { modules: { dynamicCommandsIn: async () => [{ dynamic, context }] } } as unknown as BotServices;
  const message: PlainMessage = { guildId: '100000000000000001', channelId: '100000000000000002', content: 'hi', memberRoles: [] };

  await matchMessage(services, message);
  instance = 'after';
  await matchMessage(services, message);

  assert.equal(seen.length, 2);
  assert.equal(seen[0], seen[1], 'one context for both messages');
  assert.equal(seen[1]?.bot, services);
  assert.equal(seen[1]?.instance, 'after', 'the module context getters stay live');
  assert.equal(seen[1]?.settings, context.settings);
});
