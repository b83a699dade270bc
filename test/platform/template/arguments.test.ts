// Typed arguments: each kind with good and bad input, the usage line, and checks when saved.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickResponseIndex } from '../../../src/modules/custom-commands/run-custom-command.ts';
import { resolveTypedArguments, usageOf } from '../../../src/platform/template/arguments.ts';
import { checkTemplate, renderTemplate } from '../../../src/platform/template/template.ts';

const ADA = '100000000000000001';
const CHANNEL = '200000000000000002';
const names = new Map([[ADA, 'Ada']]);

const cases: { template: string; args: string[]; content?: string; mentions?: string[]; problem?: RegExp }[] = [
  { template: 'Hug {1:user}', args: [`<@${ADA}>`], content: 'Hug Ada', mentions: [] },
  { template: 'Hug {1:user}', args: [`<@!${ADA}>`], content: 'Hug Ada', mentions: [] },
  { template: 'Hug {1:user}', args: ['300000000000000003'], content: 'Hug <@300000000000000003>', mentions: [] },
  { template: 'Hug {1:user}', args: ['ada'], problem: /^`ada` is not a user \(1: a user\)$/ },
  { template: 'Hug {1:user}', args: [], problem: /^argument 1 is missing/ },
  { template: 'Ping {1:user.mention}', args: [`<@${ADA}>`], content: `Ping <@${ADA}>`, mentions: [ADA] },
  { template: 'Add {1:number} to {2:number}', args: ['2', '-3.5'], content: 'Add 2 to -3.5', mentions: [] },
  { template: 'Add {1:number}', args: ['1e999'], problem: /is not a number/ },
  { template: 'Add {1:number}', args: ['two'], problem: /`two` is not a number/ },
  { template: 'Go to {1:channel}', args: [`<#${CHANNEL}>`], content: `Go to <#${CHANNEL}>`, mentions: [] },
  { template: 'Go to {1:channel}', args: [CHANNEL], content: `Go to <#${CHANNEL}>`, mentions: [] },
  { template: 'Go to {1:channel}', args: ['#general'], problem: /`#general` is not a channel/ },
  { template: '{1:user} has {2:number} points, {1}', args: [`<@${ADA}>`, '7'], content: `Ada has 7 points, <@${ADA}>`, mentions: [] },
];

for (const { template, args, content, mentions, problem } of cases) {
  test(`${template} with ${JSON.stringify(args)}`, () => {
    const typed = resolveTypedArguments(template, { args, userNames: names }, '!cmd');
    if (problem) {
      assert.equal(typed.ok, false);
      if (!typed.ok) assert.match(typed.problem, problem);
      return;
    }
    assert.ok(typed.ok);
    const rendered = renderTemplate(template, { user: { id: '1', displayName: 'Bob' }, channel: null, guild: null, args, uses: 1, typed });
    assert.equal(rendered.content, content);
    assert.deepEqual(rendered.mentionedUserIds, mentions);
  });
}

test('the usage line names each argument the template reads', () => {
  assert.equal(usageOf('{1:user} gets {3:number} from {2}', '!give'), '!give <user> <text> <number>');
  assert.equal(usageOf('no arguments', '!x'), '!x');
});

test('typed placeholders are checked when saved', () => {
  assert.deepEqual(checkTemplate('{1:user} {2:number} {3:channel} {4:user.mention}'), []);
  assert.deepEqual(checkTemplate('{1:colour}'), ['{1:colour}: the type must be one of user, user.mention, number, channel']);
  assert.deepEqual(checkTemplate('{1:user} and {1:number}'), ['{1} is used as both user and number']);
});

test('a pool picks each of its responses', () => {
  // 0 is `response`, then each of `responses`.
  assert.deepEqual([0, 0.4, 0.99].map((r) => pickResponseIndex({ responses: ['b', 'c'] }, () => r)), [0, 1, 2]);
  assert.equal(pickResponseIndex({ responses: [] }), 0);
});
