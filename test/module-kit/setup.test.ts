// A module's setup is bounded: a plugin's that throws or hangs is recorded and the others start; a
// built-in's stops the start with its own cause, not a misleading error later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModuleStateStore } from '../../src/features/modules/store.ts';
import type { ModuleDefinition } from '../../src/module-kit/contract.ts';
import { createModuleRegistry } from '../../src/module-kit/registry.ts';
import { createModuleRuntime } from '../../src/module-kit/runtime.ts';
import { createLogger } from '../../src/platform/log.ts';

const failing: Record<string, ModuleDefinition['setup']> = {
  throws: () => {
    throw new Error('no connection');
  },
  hangs: () => new Promise(() => {}),
};

function runtimeOf(source: 'built-in' | 'plugin', setup: ModuleDefinition['setup'], failures: string[] = []) {
  return createModuleRuntime({
    registry: createModuleRegistry([
      { name: 'broken', source, definition: { name: 'broken', description: 'broken', setup }, intents: [] },
      { name: 'fine', source: 'built-in', definition: { name: 'fine', description: 'fine', setup: () => 'ready' }, intents: [] },
    ]),
    states: createModuleStateStore(async () => [], { ttlMs: 60_000 }),
    discord: () => undefined,
    log: createLogger('silent'),
    onError: (error, { module, handler }) => void failures.push(`${module}.${handler}: ${(error as Error).message}`),
    onJobError: (error) => assert.fail(error as Error),
    timeoutMs: 50,
    setup: {} as never,
  });
}

for (const [how, setup] of Object.entries(failing)) {
  test(`a built-in whose setup ${how} stops the start, named with its cause`, async () => {
    await assert.rejects(runtimeOf('built-in', setup).setup(), (error: Error) => {
      assert.match(error.message, /^built-in module broken could not set up: /);
      assert.match(error.message, how === 'throws' ? /no connection/ : /did not finish within 50 ms/);
      return true;
    });
  });

  test(`a plugin whose setup ${how} is recorded, and the modules after it set up`, async () => {
    const failures: string[] = [];
    const runtime = runtimeOf('plugin', setup, failures);
    await runtime.setup();
    assert.equal(failures.length, 1);
    assert.match(failures[0] ?? '', /^broken\.setup: /);
    const fine = runtime.registry.get('fine');
    assert.ok(fine);
    assert.equal(runtime.processContext(fine).instance, 'ready');
  });
}
