// The contains automaton answers exactly what String#includes in order would, in one pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLiteralSet } from '../../../src/modules/custom-commands/triggers/literal-set.ts';

const naive = (patterns: (string | null)[], text: string) => patterns.findIndex((p) => p !== null && text.includes(p));

const cases: [string, (string | null)[], string, number][] = [
  ['no patterns', [], 'anything', -1],
  ['only placeholders', [null, null], 'anything', -1],
  ['the first in order wins, not the first in the text', ['world', 'hello'], 'hello world', 0],
  ['a pattern inside another', ['he', 'she', 'his', 'hers'], 'ushers', 0],
  ['found through a failure link', ['abcd', 'bcx'], 'abcbcx', 1],
  ['a placeholder keeps the index', [null, 'x'], 'x', 1],
  ['the longest overlapping run', ['aaab'], `${'a'.repeat(2_000)}b`, 0],
  ['not there', ['aaab'], 'a'.repeat(2_000), -1],
  ['surrogate pairs are code units', ['😀'], 'hi 😀', 0],
];
for (const [name, patterns, text, expected] of cases) {
  test(`literal set: ${name}`, () => {
    assert.equal(compileLiteralSet(patterns).firstMatch(text), expected);
    assert.equal(naive(patterns, text), expected);
  });
}

test('random patterns and texts over a small alphabet agree with includes', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((seed / 2_147_483_648) * n);
  };
  const word = (max: number) => Array.from({ length: 1 + random(max) }, () => 'abc'[random(3)]).join('');
  for (let round = 0; round < 500; round++) {
    const patterns = Array.from({ length: 1 + random(8) }, () => (random(6) === 0 ? null : word(5)));
    const text = word(40);
    assert.equal(compileLiteralSet(patterns).firstMatch(text), naive(patterns, text), JSON.stringify({ patterns, text }));
  }
});
