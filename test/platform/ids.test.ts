// The id rules every schema and guard shares: Discord snowflakes (alone and in mentions) and row ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_MENTION, CUSTOM_EMOJI, isRowId, isSnowflake, mentionedId, USER_MENTION } from '../../src/platform/ids.ts';

test('a snowflake is 15-21 digits and nothing else', () => {
  const cases: [string, boolean][] = [
    ['100000000000000001', true],
    ['123456789012345', true],
    ['123456789012345678901', true],
    ['12345678901234', false],
    ['1234567890123456789012', false],
    ['10000000000000000a', false],
    [' 100000000000000001', false],
    ['', false],
  ];
  for (const [text, expected] of cases) assert.equal(isSnowflake(text), expected, JSON.stringify(text));
});

test('a row id is 1-18 digits, so it always fits a bigint', () => {
  const cases: [string, boolean][] = [
    ['1', true],
    ['999999999999999999', true],
    ['9999999999999999999', false],
    ['0x1', false],
    ['-1', false],
    ['', false],
  ];
  for (const [text, expected] of cases) assert.equal(isRowId(text), expected, JSON.stringify(text));
});

test('mentions give their id; anything else gives none', () => {
  const cases = [
    { pattern: USER_MENTION, text: '<@200000000000000002>', id: '200000000000000002' },
    { pattern: USER_MENTION, text: '<@!200000000000000002>', id: '200000000000000002' },
    { pattern: USER_MENTION, text: '200000000000000002', id: '200000000000000002' },
    { pattern: USER_MENTION, text: '<#200000000000000002>', id: undefined },
    { pattern: USER_MENTION, text: '<@2>', id: undefined },
    { pattern: CHANNEL_MENTION, text: '<#300000000000000003>', id: '300000000000000003' },
    { pattern: CHANNEL_MENTION, text: '300000000000000003', id: '300000000000000003' },
    { pattern: CHANNEL_MENTION, text: '<@300000000000000003>', id: undefined },
  ];
  for (const c of cases) assert.equal(mentionedId(c.pattern, c.text), c.id, c.text);
});

test('a custom emoji is <:name:id> or <a:name:id>', () => {
  const cases: [string, boolean][] = [
    ['<:party:400000000000000004>', true],
    ['<a:party:400000000000000004>', true],
    ['<:p:400000000000000004>', false],
    ['<:party:4>', false],
  ];
  for (const [text, expected] of cases) assert.equal(new RegExp(`^${CUSTOM_EMOJI.source}$`).test(text), expected, text);
});
