// The declaration file plugins type-check against (types/concord-module.d.ts) says what the loader
// takes: a module typed by either is a module to the other, and the example plugins load.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as Contract from '../../src/module-kit/contract.ts';
import { collectModules } from '../../src/module-kit/registry.ts';
import { BUILT_IN_MODULES } from '../../src/modules/index.ts';
import { createLogger } from '../../src/platform/log.ts';
import type * as Declared from '../../types/concord-module.d.ts';

// Checked by `npm run typecheck`: each side is assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const declaredIsContract: Same<Declared.ModuleDefinition, Contract.ModuleDefinition> = true;

test('the example plugins are modules the loader takes', async () => {
  assert.equal(declaredIsContract, true);
  const { modules, refused } = await collectModules(BUILT_IN_MODULES, join(import.meta.dirname, '../fixtures/plugins'), createLogger('silent'));
  assert.deepEqual(refused, []);
  assert.deepEqual(
    modules.filter((m) => m.source === 'plugin').map((m) => [m.name, m.intents]),
    [
      ['karma', ['GuildMessageReactions']],
      ['roll', []],
      ['tags', []],
    ],
  );
});
