import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate, renderTemplate, splitArgs, type TemplateContext } from '../../../src/platform/template/template.ts';

const ctx: TemplateContext = {
  user: { id: '111111111111111111', displayName: 'Ada' },
  channel: { id: '222222222222222222' },
  guild: { name: 'Test Guild' },
  args: ['one', 'two words'],
  uses: 7,
  random: (n) => n - 1,
};

const cases: [string, string, string[]?][] = [
  ['Hi {user}', 'Hi Ada'],
  ['Hi {user.mention}', 'Hi <@111111111111111111>', ['111111111111111111']],
  ['id {user.id}', 'id 111111111111111111'],
  ['in {channel} of {guild}', 'in <#222222222222222222> of Test Guild'],
  ['{args}', 'one two words'],
  ['{1} and {2} and {3}.', 'one and two words and .'],
  ['used {uses} times', 'used 7 times'],
  ['pick {choose:a|b|c}', 'pick c'],
  ['{unknown} {0} {10} {user.name}', '{unknown} {0} {10} {user.name}'],
  ['{{user}}', '{Ada}'],
  ['no placeholders', 'no placeholders'],
];

for (const [template, expected, mentions = []] of cases) {
  test(`renders ${JSON.stringify(template)}`, () => {
    const rendered = renderTemplate(template, ctx);
    assert.equal(rendered.content, expected);
    assert.deepEqual(rendered.mentionedUserIds, mentions);
  });
}

test('a DM has no channel mention or guild name', () => {
  assert.equal(renderTemplate('{channel} {guild}', { ...ctx, channel: null, guild: null }).content, 'DM DM');
});

test('output longer than Discord allows is cut to 2000 characters', () => {
  const rendered = renderTemplate('{args}'.repeat(400), { ...ctx, args: ['x'.repeat(10)] });
  assert.equal(rendered.content.length, 2_000);
  assert.ok(rendered.content.endsWith('…'));
});

test('templates are checked for unusable choose placeholders only', () => {
  assert.deepEqual(checkTemplate('{choose:}'), ['{choose:} needs options: {choose:first|second}']);
  assert.deepEqual(checkTemplate('{choose}'), ['{choose} needs options: {choose:first|second}']);
  assert.deepEqual(checkTemplate('{choose:a|b} {whatever}'), []);
});

test('arguments split on spaces, quotes keep spaces', () => {
  assert.deepEqual(splitArgs('a  b "c d" e'), ['a', 'b', 'c d', 'e']);
  assert.deepEqual(splitArgs(''), []);
});
