// A module's context in a guild: its getters are shared by every context (one hidden class, not a
// dictionary per guild) yet stay own properties, so a spread carries them; and READY's guilds are
// read ahead, so the GUILD_CREATEs that follow find their modules' rows read; and an event is not kept
// for a handler that is still running unless the handler keeps it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

test('an event is not kept while a handler that did not keep it runs on', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let release = () => {};
  const running = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Takes what it needs (the id) and goes on waiting, as a sync with the database does.
  const runtime = runtimeWith([{ name: 'notes', description: 'notes', events: { GUILD_CREATE: (_ctx, guild) => running.then(() => void guild.id) } }], async () => []);
  const sparing = runtimeWith(
    [
      {
        name: 'notes',
        description: 'notes',
        events: {
          GUILD_CREATE() {
            return running;
          },
        },
      },
    ],
    async () => [],
  );
  await runtime.setup();
  await sparing.setup();
  const deliverOne = (target: typeof runtime) => {
    const event = { id: GUILDS[0], channels: Array.from({ length: 50 }, (_, i) => ({ id: String(i) })) };
    return { delivered: target.deliver('GUILD_CREATE', event), event: new WeakRef(event) };
  };
  const kept = deliverOne(runtime);
  const dropped = deliverOne(sparing);
  // Past the read of the guild's rows: the handlers have been called and are waiting.
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  assert.ok(kept.event.deref(), 'a handler that holds the event keeps it (the check can see a kept event)');
  assert.equal(dropped.event.deref(), undefined, 'nothing but its handler could have kept it');
  release();
  await Promise.all([kept.delivered, dropped.delivered]);
});
