// Which auto-response a message sets off: each trigger type, case sensitivity, and order; and what a
// pattern and a guild's triggers may cost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandTrigger, CustomCommand } from '../../../src/modules/custom-commands/data/queries.ts';
import { checkTriggerRoom, MAX_REGEX_TRIGGERS_PER_GUILD, MAX_TRIGGERS_PER_GUILD } from '../../../src/modules/custom-commands/triggers/trigger-limits.ts';
import { compileTriggers } from '../../../src/modules/custom-commands/triggers/triggers.ts';
import { checkRegex, MAX_REGEX_INSTRUCTIONS, MAX_REGEX_INSTRUCTIONS_PER_GUILD, regexInstructions } from '../../../src/platform/regex/limits.ts';
import { customCommandRow } from '../../support/custom-command.ts';

function command(name: string, trigger: Partial<CommandTrigger> & Pick<CommandTrigger, 'type' | 'pattern'>, enabled = true): CustomCommand {
  return customCommandRow({ name, enabled, trigger: { case_sensitive: false, ...trigger } });
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
  // Both contains automata match: the first by name wins, whichever case sensitivity it has.
  ['read the rules, found a BUG', 'Bug'],
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

// The issue's set: each accepted on save, 40 of them made one 2,000-character message cost 8 s.
const ISSUE_PATTERNS = Array.from({ length: 40 }, (_, i) => `((.{10}){10}){10}zz${i}`);

test('the nested repetitions of the issue are refused, with the limit', () => {
  const problem = checkRegex(ISSUE_PATTERNS[0] as string);
  assert.match(problem ?? '', /too costly/);
  assert.match(problem ?? '', new RegExp(`at most ${MAX_REGEX_INSTRUCTIONS} are allowed`));
  for (const pattern of ['.{1000}', '(.{10}){20}', '(ab|cd|ef){60}', '\\pL{199}x']) assert.ok(checkRegex(pattern), pattern);
});

test('everyday patterns are far inside the per-pattern limit', () => {
  const everyday = [
    '\\bhow do i (join|play)\\b',
    '\\b(ticket|issue)[ #-]?\\d+\\b',
    'discord\\.gg/[a-z0-9]+',
    'https?://(www\\.)?(youtube\\.com/watch\\?v=|youtu\\.be/)[\\w-]{11}',
    '^(what|when|where) is the (server|event|stream) (ip|time|link)\\??$',
    '\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b',
    '\\b[\\w.]{3,32}#\\d{4}\\b',
  ];
  for (const pattern of everyday) {
    assert.equal(checkRegex(pattern), undefined, pattern);
    assert.ok(regexInstructions(pattern, false) <= MAX_REGEX_INSTRUCTIONS / 2, pattern);
  }
});

const regex = (pattern: string): CommandTrigger => ({ type: 'regex', pattern, case_sensitive: false });
const contains = (pattern: string): CommandTrigger => ({ type: 'contains', pattern, case_sensitive: false });
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

const roomCases: [string, CommandTrigger[], CommandTrigger, RegExp | undefined][] = [
  ['one more of anything fits an empty guild', [], regex('a+'), undefined],
  ['the last trigger of the limit fits', many(MAX_TRIGGERS_PER_GUILD - 1, (i) => contains(`w${i}`)), contains('last'), undefined],
  ['one over the limit of triggers', many(MAX_TRIGGERS_PER_GUILD, (i) => contains(`w${i}`)), contains('over'), new RegExp(`at most ${MAX_TRIGGERS_PER_GUILD} auto-responses`)],
  ['the last regex of the limit fits', many(MAX_REGEX_TRIGGERS_PER_GUILD - 1, (i) => regex(`x${i}`)), regex('last'), undefined],
  ['one regex over the limit', many(MAX_REGEX_TRIGGERS_PER_GUILD, (i) => regex(`x${i}`)), regex('over'), new RegExp(`at most ${MAX_REGEX_TRIGGERS_PER_GUILD} regex triggers`)],
  ['regexes over the automaton size', many(5, (i) => regex(`a.{190}${i}`)), regex('b.{190}'), new RegExp(`at most ${MAX_REGEX_INSTRUCTIONS_PER_GUILD} RE2 instructions`)],
];
for (const [name, existing, added, expected] of roomCases) {
  test(`guild room: ${name}`, () => {
    const problem = checkTriggerRoom(existing, [added]);
    if (expected) assert.match(problem ?? '', expected);
    else assert.equal(problem, undefined);
  });
}

test("a guild's automaton stays within the limits whatever the database holds", () => {
  // Rows saved before the limits: the issue's set, then more small regexes than a guild may have.
  const stored = [
    ...ISSUE_PATTERNS.map((pattern, i) => command(`issue${i}`, { type: 'regex', pattern })),
    ...many(MAX_REGEX_TRIGGERS_PER_GUILD + 10, (i) => command(`small${String(i).padStart(3, '0')}`, { type: 'regex', pattern: `.{15}q${i}` })),
    command('broken', { type: 'regex', pattern: '(a)\\1' }),
  ];
  const matcher = compileTriggers(stored);
  assert.ok(matcher.regexInstructions <= MAX_REGEX_INSTRUCTIONS_PER_GUILD, `${matcher.regexInstructions} instructions`);
  assert.equal(matcher.size, stored.length - matcher.skipped.length);
  assert.ok(matcher.skipped.some((c) => c.name === 'broken'));
  assert.ok(ISSUE_PATTERNS.every((_, i) => matcher.skipped.some((c) => c.name === `issue${i}`)));
  assert.ok(matcher.size <= MAX_REGEX_TRIGGERS_PER_GUILD);
  // The first small ones by name are kept and still answer.
  assert.equal(matcher.match(`${'x'.repeat(15)}q0`)?.name, 'small000');
});
