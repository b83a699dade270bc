// Which auto-response a message sets off: each trigger type, case sensitivity, and order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRegex, compileTriggers } from '../../src/custom-commands/triggers.ts';
import type { CommandTrigger, CustomCommand } from '../../src/db/commands.ts';

function command(name: string, trigger: Partial<CommandTrigger> & Pick<CommandTrigger, 'type' | 'pattern'>, enabled = true): CustomCommand {
  return {
    id: name,
    guild_id: '1',
    name,
    response: name,
    description: '',
    aliases: [],
    cooldown_seconds: 0,
    channel_cooldown_seconds: 0,
    guild_cooldown_seconds: 0,
    enabled,
    use_count: '0',
    created_by: null,
    created_at: new Date(),
    updated_at: new Date(),
    metadata: {},
    trigger: { case_sensitive: false, ...trigger },
    responses: [],
    permissions: { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] },
    deleted_at: null,
    deleted_by: null,
  };
}

const matcher = compileTriggers([
  command('hello', { type: 'exact', pattern: 'Hello' }),
  command('shout', { type: 'exact', pattern: 'HELLO!', case_sensitive: true }),
  command('question', { type: 'starts_with', pattern: 'how do i' }),
  command('rules', { type: 'contains', pattern: 'rules' }),
  command('Bug', { type: 'contains', pattern: 'BUG', case_sensitive: true }),
  command('ticket', { type: 'regex', pattern: '\\bticket #?\\d+\\b' }),
  command('version', { type: 'regex', pattern: '^v\\d+\\.\\d+$', case_sensitive: true }),
  command('off', { type: 'contains', pattern: 'banana' }, false),
]);

const cases: [string, string | undefined][] = [
  ['hello', 'hello'],
  ['HeLLo', 'hello'],
  ['hello there', undefined],
  ['HELLO!', 'shout'],
  ['hello!', undefined],
  ['How do I join?', 'question'],
  ['so how do i join', undefined],
  ['read the RULES please', 'rules'],
  ['found a BUG', 'Bug'],
  ['found a bug', undefined],
  ['see Ticket #42 for that', 'ticket'],
  ['tickets42', undefined],
  ['v1.2', 'version'],
  ['V1.2', undefined],
  ['banana', undefined],
  ['how do i read the rules', 'question'],
];

for (const [content, expected] of cases) {
  test(`${JSON.stringify(content)} sets off ${expected ?? 'nothing'}`, () => {
    assert.equal(matcher.match(content)?.name, expected);
  });
}

test('a catastrophic-backtracking pattern runs in linear time', () => {
  const evil = compileTriggers([command('evil', { type: 'regex', pattern: '(a+)+b' }), command('evil2', { type: 'regex', pattern: '(a|aa)+$x' })]);
  const started = performance.now();
  assert.equal(evil.match('a'.repeat(100_000)), undefined);
  assert.ok(performance.now() - started < 2_000, 'a backtracking engine would take longer than the universe');
});

test('bad patterns are refused with the reason; RE2 has no backreferences or lookaround', () => {
  assert.equal(checkRegex('^ok\\d+$'), undefined);
  assert.match(checkRegex('(unclosed') ?? '', /not a valid RE2 regular expression/);
  assert.ok(checkRegex('(a)\\1'));
  assert.ok(checkRegex('(?=x)'));
});
