// A module's context in a guild: its getters are shared by every context (one hidden class, not a
// dictionary per guild) yet stay own properties, so a spread carries them; and READY's guilds are
// read ahead, so the GUILD_CREATEs that follow find their modules' rows read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModuleStateStore } from '../../src/features/modules/store.ts';
import type { ModuleContext, ModuleDefinition } from '../../src/module-kit/contract.ts';
import { createModuleRegistry } from '../../src/module-kit/registry.ts';
import { createModuleRuntime } from '../../src/module-kit/runtime.ts';
import { createLogger } from '../../src/platform/log.ts';

const GUILDS = ['100000000000000001', '100000000000000002', '100000000000000003'];

function runtimeWith(definitions: ModuleDefinition[], list: (guildId: string) => Promise<never[]>, discord: () => unknown = () => undefined) {
  return createModuleRuntime({
    registry: createModuleRegistry(definitions.map((definition) => ({ name: definition.name, source: 'built-in', definition, intents: [] }))),
    states: createModuleStateStore(list, { ttlMs: 60_000 }),
    discord: discord as never,
    log: createLogger('silent'),
    onError: (error) => assert.fail(error as Error),
    onJobError: (error) => assert.fail(error as Error),
    timeoutMs: 1_000,
    setup: {} as never,
  });
}

test('contexts share their getters, keep them as own properties, and a spread still carries them', async () => {
  const seen: ModuleContext[] = [];
  const moduleNamed = (name: string): ModuleDefinition => ({
    name,
    description: name,
    setup: () => ({ name }),
    events: {
      GUILD_CREATE(ctx) {
        seen.push(ctx);
      },
    },
    components: { go: async () => {} },
  });
  const client = { kind: 'the Discord client' };
  const runtime = runtimeWith([moduleNamed('notes'), moduleNamed('quotes')], async () => [], () => client);
  await runtime.setup();
  for (const id of GUILDS) await runtime.deliver('GUILD_CREATE', { id });
  assert.equal(seen.length, GUILDS.length * 2);

  const [first, ...others] = seen;
  const getterOf = (ctx: ModuleContext | undefined, key: string) => (ctx ? Object.getOwnPropertyDescriptor(ctx, key)?.get : undefined);
  for (const ctx of others) {
    assert.equal(getterOf(ctx, 'discord'), getterOf(first, 'discord'), 'one discord getter for every context');
    assert.equal(getterOf(ctx, 'instance'), getterOf(first, 'instance'), 'one instance getter for every context');
  }
  for (const ctx of seen) {
    const copy = { ...ctx };
    assert.equal(copy.discord, client);
    assert.deepEqual(copy.instance, { name: ctx.module }, "each module's own instance, through the shared getter");
    assert.equal(copy.customId('go'), ctx.customId('go'));
    assert.match(copy.customId('go'), new RegExp(`${ctx.module}:go`));
  }
});

test("warm reads READY's guilds ahead: their GUILD_CREATEs find the rows read, and nothing is read twice", async () => {
  const reads: string[] = [];
  const handled: string[] = [];
  const runtime = runtimeWith([{ name: 'notes', description: 'notes', events: { GUILD_CREATE: (_ctx, guild) => void handled.push((guild as { id: string }).id) } }], async (guildId) => {
    reads.push(guildId);
    return [];
  });
  await runtime.setup();
  runtime.warm(GUILDS);
  assert.deepEqual(reads, GUILDS, 'asked at once');
  for (const id of GUILDS) await runtime.deliver('GUILD_CREATE', { id });
  assert.deepEqual(handled, GUILDS);
  assert.deepEqual(reads, GUILDS, 'no second read');
});
