import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefixed } from '../../src/bot/gateway-events.ts';
import { parsePrefixOptions, parseSlashOptions, usageLine } from '../../src/bot/options.ts';
import type { CommandOption } from '../../src/module-kit/command-types.ts';
import { closestName } from '../../src/platform/suggest.ts';

const options: CommandOption[] = [
  { name: 'count', description: '', type: 'integer', required: true, minValue: 1, maxValue: 10 },
  { name: 'who', description: '', type: 'user' },
  { name: 'loud', description: '', type: 'boolean' },
  { name: 'text', description: '', type: 'string', rest: true },
];

const cases: [string, unknown][] = [
  ['3 <@123456789012345678> yes hello there', { ok: true, values: { count: 3, who: '123456789012345678', loud: true, text: 'hello there' } }],
  ['3', { ok: true, values: { count: 3, who: undefined, loud: undefined, text: undefined } }],
  ['"4" 123456789012345678 no', { ok: true, values: { count: 4, who: '123456789012345678', loud: false, text: undefined } }],
  ['', { ok: false, problem: 'count is required' }],
  ['x', { ok: false, problem: 'count: must be a whole number' }],
  ['11', { ok: false, problem: 'count: must be at most 10' }],
  ['2 @bob', { ok: false, problem: 'who: must be a user mention or id' }],
  ['2 <@!123456789012345678> maybe', { ok: false, problem: 'loud: must be yes or no' }],
];

for (const [text, expected] of cases) {
  test(`prefix options from ${JSON.stringify(text)}`, () => {
    assert.deepEqual(parsePrefixOptions(options, text), expected);
  });
}

test('slash options are checked by the same rules', () => {
  assert.deepEqual(parseSlashOptions(options, [{ name: 'count', type: 4, value: 5 }]), {
    ok: true,
    values: { count: 5, who: undefined, loud: undefined, text: undefined },
  });
  assert.deepEqual(parseSlashOptions(options, [{ name: 'count', type: 4, value: 50 }]), { ok: false, problem: 'count: must be at most 10' });
});

test('usage lines mark required and optional options', () => {
  assert.equal(usageLine('!', 'thing', options), '!thing <count> [who] [loud] [text]');
});

test('prefixed messages parse into a name and the rest', () => {
  assert.deepEqual(parsePrefixed('!Ping  now please', '!'), { name: 'ping', rawArgs: 'now please' });
  assert.deepEqual(parsePrefixed('!help', '!'), { name: 'help', rawArgs: '' });
  assert.equal(parsePrefixed('! hi', '!'), undefined);
  assert.equal(parsePrefixed('!!!', '!'), undefined);
  assert.equal(parsePrefixed('hello', '!'), undefined);
  assert.deepEqual(parsePrefixed('?roll 2d6', '?'), { name: 'roll', rawArgs: '2d6' });
});

test('suggestions find likely typos only', () => {
  assert.equal(closestName('pnig', ['ping', 'help']), 'ping');
  assert.equal(closestName('hlep', ['ping', 'help']), 'help');
  assert.equal(closestName('welcom', ['welcome', 'rules']), 'welcome');
  assert.equal(closestName('x', ['ping', 'help']), undefined);
  assert.equal(closestName('zzzzzz', ['ping']), undefined);
});
