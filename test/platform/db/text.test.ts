import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textProblem, toStorableText } from '../../../src/platform/db/text.ts';

test('toStorableText replaces each NUL and lone surrogate, and keeps the rest as it is', () => {
  assert.equal(toStorableText('!hello there'), '!hello there');
  assert.equal(toStorableText(''), '');
  assert.equal(toStorableText('a\u0000b\u0000'), 'a\uFFFDb\uFFFD');
  // A pair is one character (an emoji); either half alone is not Unicode.
  assert.equal(toStorableText('ok 🎉'), 'ok 🎉');
  assert.equal(toStorableText('\uD83C x \uDF89'), '\uFFFD x \uFFFD');
  assert.equal(toStorableText('end \uD83C'), 'end \uFFFD');
  assert.equal(toStorableText('\uDF89\uD83C🎉\u0000'), '\uFFFD\uFFFD🎉\uFFFD');
  for (const text of ['a\u0000b', '\uD83C x', 'ok 🎉 \uDF89']) assert.equal(textProblem(toStorableText(text)), undefined);
});

test('textProblem names why a value cannot be stored', () => {
  assert.equal(textProblem('fine 🎉'), undefined);
  assert.match(textProblem('a\u0000b') ?? '', /NUL/);
  assert.match(textProblem('a\uD800b') ?? '', /lone surrogate/);
});
