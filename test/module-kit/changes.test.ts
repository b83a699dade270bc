// A module's `changed` (setup context) is told, under the module's name, to what the process
// subscribed for it (the bot's copy of the server settings); and Redis, metrics and Concord's API,
// which only built-ins' setup gets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModuleStateStore } from '../../src/features/modules/store.ts';
import { createModuleChanges } from '../../src/module-kit/changes.ts';
import type { ModuleDefinition, ModuleSetupContext } from '../../src/module-kit/contract.ts';
import { createModuleRegistry } from '../../src/module-kit/registry.ts';
import { createModuleRuntime } from '../../src/module-kit/runtime.ts';
import { createLogger } from '../../src/platform/log.ts';

test("a module's changed reaches the listeners of its name, and only those", async () => {
  const told = new Map<string, ModuleSetupContext['changed']>();
  const moduleNamed = (name: string): ModuleDefinition => ({ name, description: name, setup: ({ changed }) => void told.set(name, changed) });
  const changes = createModuleChanges();
  const heard: [string, string | null][] = [];
  changes.subscribe('notes', (guildId) => heard.push(['notes', guildId]));
  changes.subscribe('notes', (guildId) => heard.push(['notes again', guildId]));
  changes.subscribe('quotes', (guildId) => heard.push(['quotes', guildId]));
  const runtime = createModuleRuntime({
    registry: createModuleRegistry(['notes', 'quotes', 'quiet'].map((name) => ({ name, source: 'built-in', definition: moduleNamed(name), intents: [] }))),
    states: createModuleStateStore(async () => [], { ttlMs: 60_000 }),
    discord: () => undefined,
    log: createLogger('silent'),
    onError: (error) => assert.fail(error as Error),
    onJobError: (error) => assert.fail(error as Error),
    timeoutMs: 1_000,
    setup: {} as never,
    changes,
  });
  await runtime.setup();

  told.get('notes')?.('100000000000000001');
  told.get('quotes')?.(null);
  told.get('quiet')?.('100000000000000002');
  assert.deepEqual(heard, [
    ['notes', '100000000000000001'],
    ['notes again', '100000000000000001'],
    ['quotes', null],
  ]);
});

test("Redis, metrics and Concord's API reach a built-in's setup, and no plugin's", async () => {
  const given = new Map<string, Pick<ModuleSetupContext, 'redis' | 'metrics' | 'api'>>();
  const moduleNamed = (name: string): ModuleDefinition => ({ name, description: name, setup: ({ redis, metrics, api }) => void given.set(name, { redis, metrics, api }) });
  const redis = { prefix: 'test:' } as unknown as NonNullable<ModuleSetupContext['redis']>;
  const metrics = { registry: 'test' } as unknown as NonNullable<ModuleSetupContext['metrics']>;
  const api = { request: async () => ({}) } as unknown as NonNullable<ModuleSetupContext['api']>;
  const runtime = createModuleRuntime({
    registry: createModuleRegistry([
      { name: 'notes', source: 'built-in', definition: moduleNamed('notes'), intents: [] },
      { name: 'quotes', source: 'plugin', definition: moduleNamed('quotes'), intents: [] },
    ]),
    states: createModuleStateStore(async () => [], { ttlMs: 60_000 }),
    discord: () => undefined,
    log: createLogger('silent'),
    onError: (error) => assert.fail(error as Error),
    onJobError: (error) => assert.fail(error as Error),
    timeoutMs: 1_000,
    setup: { redis, metrics, api } as never,
  });
  await runtime.setup();

  assert.deepEqual(given.get('notes'), { redis, metrics, api });
  assert.deepEqual(given.get('quotes'), { redis: undefined, metrics: undefined, api: undefined }, "the plugin's setup ran, with none of them");
});
