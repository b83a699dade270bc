// Auto-responses on the hot path: how many guild messages one process checks per second against a
// guild's triggers (cached and compiled, as in the bot), in the bot's thread and with the regexes in
// the worker; and the worst a guild can do within the limits: the costliest trigger sets the
// validator accepts, against 2,000-character messages, what they cost and what they block.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { memoryCooldowns } from '../../src/module-kit/cooldowns/cooldowns.ts';
import { findAutoResponse } from '../../src/modules/custom-commands/auto-responses.ts';
import type { CommandTrigger, CustomCommand } from '../../src/modules/custom-commands/data/queries.ts';
import { createCommandStore } from '../../src/modules/custom-commands/store/store.ts';
import { checkTriggerRoom, MAX_PATTERN_LENGTH, MAX_REGEX_TRIGGERS_PER_GUILD, MAX_TRIGGERS_PER_GUILD } from '../../src/modules/custom-commands/triggers/trigger-limits.ts';
import { compileTriggers } from '../../src/modules/custom-commands/triggers/triggers.ts';
import { checkRegex, MAX_REGEX_INSTRUCTIONS, MAX_REGEX_INSTRUCTIONS_PER_GUILD, regexInstructions } from '../../src/platform/regex/limits.ts';
import { DEFAULT_DEADLINE_MS, startRegexRunner } from '../../src/platform/regex/runner.ts';
import { compileRegexSet, type RegexPattern } from '../../src/platform/regex/set.ts';
import { customCommandRow } from '../support/custom-command.ts';

const GUILD = '100000000000000001';
const WORDS = 'the a bot server help how do i join rules role game play today later thanks please why what when voice chat music event link ban mute'.split(' ');
const MESSAGE_LENGTH = 2_000;

export async function benchTriggers({ messages = 200_000 } = {}) {
  const results: Record<string, string> = {
    limits: `${MAX_TRIGGERS_PER_GUILD} triggers a guild, ${MAX_REGEX_TRIGGERS_PER_GUILD} of them regex, ${MAX_REGEX_INSTRUCTIONS} RE2 instructions a regex, ${MAX_REGEX_INSTRUCTIONS_PER_GUILD} a guild; regex deadline ${DEFAULT_DEADLINE_MS} ms a message`,
  };
  Object.assign(results, await benchThroughput(messages));
  Object.assign(results, benchWorstPlain());
  Object.assign(results, await benchWorstRegex());
  return results;
}

/** A realistic guild at the limits: 500 triggers, about one line in a hundred answered. */
async function benchThroughput(messages: number) {
  const total = MAX_TRIGGERS_PER_GUILD;
  const triggers = Array.from({ length: total }, (_, i) => triggerOf(i, total));
  const over = checkTriggerRoom([], triggers);
  if (over) throw new Error(`the bench's realistic guild is over the limits: ${over}`);
  const commands = triggers.map((trigger, i) => fakeCommand(`auto${i}`, trigger));
  const store = createCommandStore({ listForGuild: async () => commands, guildsWithApplicationCommands: never, create: never, update: never, remove: never }, { ttlMs: 3_600_000 });
  const compileStarted = performance.now();
  compileTriggers(commands);
  const compileMs = performance.now() - compileStarted;

  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const lines = Array.from({ length: 1_000 }, (_, i) => (i % 100 === 0 ? 'how do i join the event' : Array.from({ length: 4 + Math.floor(random() * 12) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')));

  // Baseline: everything in the bot's thread, as before the worker.
  const inThread = { commands: store };
  const threadCooldowns = memoryCooldowns();
  for (let i = 0; i < 2_000; i++) await findAutoResponse(inThread, threadCooldowns, GUILD, 'c', lines[i % lines.length] ?? '', []);
  let matched = 0;
  let started = performance.now();
  for (let i = 0; i < messages; i++) {
    // Many channels, so the per-channel cooldown does not hide the work of a match.
    if (await findAutoResponse(inThread, threadCooldowns, GUILD, `c${i}`, lines[i % lines.length] ?? '', [])) matched++;
  }
  const threadSeconds = (performance.now() - started) / 1_000;

  // As the bot runs it: regexes in the worker; 50 guilds' messages in flight at once.
  const runner = startRegexRunner();
  const viaWorker = { commands: store, regexes: runner };
  const workerCooldowns = memoryCooldowns();
  const workerMessages = Math.min(messages, 50_000);
  const guilds = Array.from({ length: 50 }, (_, g) => String(200000000000000000n + BigInt(g)));
  try {
    await Promise.all(guilds.map((g) => findAutoResponse(viaWorker, workerCooldowns, g, 'c', 'warm up', [])));
    started = performance.now();
    for (let i = 0; i < workerMessages; i += guilds.length) {
      await Promise.all(guilds.map((g, k) => findAutoResponse(viaWorker, workerCooldowns, g, `c${i + k}`, lines[(i + k) % lines.length] ?? '', [])));
    }
  } finally {
    await runner.close();
  }
  const workerSeconds = (performance.now() - started) / 1_000;
  const mix = `${total * 0.4} exact, ${total * 0.2} starts_with, ${total * 0.3} contains, ${MAX_REGEX_TRIGGERS_PER_GUILD} regex`;
  return {
    triggers: `${total} (${mix})`,
    'compile all triggers': `${compileMs.toFixed(1)} ms`,
    'messages checked': String(messages),
    'messages that set one off': `${((matched / messages) * 100).toFixed(1)} %`,
    'checked per second, all in the bot thread (baseline)': Math.round(messages / threadSeconds).toLocaleString('en-US'),
    'mean check time, all in the bot thread': `${((threadSeconds / messages) * 1e6).toFixed(1)} µs`,
    'checked per second, regexes in the worker': Math.round(workerMessages / workerSeconds).toLocaleString('en-US'),
    'worker / bot thread': `${(workerMessages / workerSeconds / (messages / threadSeconds)).toFixed(2)}x`,
  };
}

/** The costliest exact/starts_with/contains sets the limits allow; these run in the bot thread. */
function benchWorstPlain() {
  const long = (i: number) => `${'ab'.repeat(MAX_PATTERN_LENGTH / 2 - 2)}${String(i).padStart(4, 'x')}`;
  const sets: [string, CommandTrigger[]][] = [
    ['contains', Array.from({ length: MAX_TRIGGERS_PER_GUILD }, (_, i) => ({ type: 'contains', pattern: long(i), case_sensitive: false }))],
    // One pattern for all: String#includes is at its worst, the automaton does not care.
    ['contains (one pattern 500 times)', Array.from({ length: MAX_TRIGGERS_PER_GUILD }, () => ({ type: 'contains', pattern: 'ab'.repeat(MAX_PATTERN_LENGTH / 2), case_sensitive: false }))],
    ['starts_with', Array.from({ length: MAX_TRIGGERS_PER_GUILD }, (_, i) => ({ type: 'starts_with', pattern: long(i), case_sensitive: false }))],
    ['exact', Array.from({ length: MAX_TRIGGERS_PER_GUILD }, (_, i) => ({ type: 'exact', pattern: long(i), case_sensitive: false }))],
  ];
  const texts = ['a'.repeat(MESSAGE_LENGTH), 'ab'.repeat(MESSAGE_LENGTH / 2), `${'ab'.repeat(MESSAGE_LENGTH / 2 - 2)}abxx`];
  let worst = { ms: 0, name: '' };
  let includesWorst = 0;
  for (const [name, triggers] of sets) {
    if (checkTriggerRoom([], triggers)) throw new Error(`the bench's ${name} set is over the limits`);
    const matcher = compileTriggers(triggers.map((t, i) => fakeCommand(`${name}${i}`, t)));
    for (const text of texts) matcher.matchPlain(text);
    for (const text of texts) {
      const ms = medianOf(5, () => matcher.matchPlain(text));
      if (ms > worst.ms) worst = { ms, name };
      // What String#includes per trigger (the code before the automaton) took on the same set.
      if (name.startsWith('contains')) {
        triggers.find((t) => text.includes(t.pattern));
        includesWorst = Math.max(includesWorst, medianOf(5, () => triggers.find((t) => text.includes(t.pattern))));
      }
    }
  }
  return {
    'worst accepted plain set': `${MAX_TRIGGERS_PER_GUILD} ${worst.name} triggers of ${MAX_PATTERN_LENGTH} characters`,
    'plain sets tried': sets.map(([name]) => name).join(', '),
    'its time per 2,000-char message (bot thread, median)': `${worst.ms.toFixed(2)} ms`,
    'worst contains set with String#includes (before)': `${includesWorst.toFixed(1)} ms`,
  };
}

/** Families of nasty regexes; each is filled to the guild's limits with the largest size accepted. */
const FAMILIES: [string, (k: number, i: number) => string][] = [
  ['a.{k}zN', (k, i) => `a.{${k}}z${i}`],
  ['X.{k}zN (X varies)', (k, i) => `${'abcdefghij'[i % 10]}.{${k}}z${i}`],
  ['a[ab]{k}zN', (k, i) => `a[ab]{${k}}z${i}`],
  ['a(.{10}){k}zN', (k, i) => `a(.{10}){${k}}z${i}`],
  ['((.{10}){10}){k}zN (the issue)', (k, i) => `((.{10}){10}){${k}}z${i}`],
  ['a(b?.){k}zN', (k, i) => `a(b?.){${k}}z${i}`],
  ['(.*a.*b){k}zN', (k, i) => `(.*a.*b){${k}}z${i}`],
  ['(\\pL|\\d){k}zN', (k, i) => `(\\pL|\\d){${k}}z${i}`],
  ['(\\b.){k}zN', (k, i) => `(\\b.){${k}}z${i}`],
  ['a.{13}qN (many small)', (_k, i) => `a.{13}q${i}`],
];

/** The costliest accepted regex set, in a thread and through the worker. */
async function benchWorstRegex() {
  const found: { name: string; patterns: RegexPattern[]; instructions: number; ms: number; text: string }[] = [];
  // Warm re2js up first, so the first family measured is not charged for the JIT.
  const warm = compileRegexSet(fillToLimits((k, i) => `q.{${k}}w${i}`));
  for (const [, text] of adversarialMessages(5)) warm.firstMatch(text);
  for (const [name, make] of FAMILIES) {
    const patterns = fillToLimits(make);
    if (patterns.length === 0) continue;
    const set = compileRegexSet(patterns);
    let worst = { ms: 0, text: '' };
    // Each text new (an attacker varies them, so RE2's cached DFA states do not help).
    for (const [label] of adversarialMessages(0)) {
      const ms = medianOf(3, (run) => set.firstMatch(freshText(label, 1 + run)));
      if (ms > worst.ms) worst = { ms, text: label };
    }
    const instructions = patterns.reduce((sum, p) => sum + regexInstructions(p.pattern, p.caseSensitive), 0);
    found.push({ name, patterns, instructions, ms: worst.ms, text: worst.text });
  }
  found.sort((a, b) => b.ms - a.ms);
  const worst = found[0];
  if (!worst) throw new Error('no regex family was accepted');
  const results: Record<string, string> = {};
  for (const f of found.slice(0, 4)) {
    results[`regex set ${f.name}`] = `${f.patterns.length} patterns, ${f.instructions} instructions: ${f.ms.toFixed(0)} ms (${f.text})`;
  }
  results['worst accepted regex set'] = `${worst.patterns.length} patterns like ${worst.patterns[0]?.pattern}, ${worst.instructions} instructions, ${worst.text} text`;
  results['its time per 2,000-char message in a thread (median)'] = `${worst.ms.toFixed(0)} ms`;

  // Through the worker, with no deadline: what one such message costs there, and what the bot thread feels.
  const patient = startRegexRunner({ deadlineMs: 60_000 });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  try {
    await patient.firstMatch('warm', { id: -1, patterns: [{ pattern: 'x', caseSensitive: false }] }, 'x');
    delay.enable();
    const started = performance.now();
    const rounds = 5;
    for (let r = 0; r < rounds; r++) await patient.firstMatch('hostile', { id: -2, patterns: worst.patterns }, freshText(worst.text, 100 + r));
    delay.disable();
    const elapsed = performance.now() - started;
    results['the same in the worker, per message (no deadline)'] = `${(elapsed / rounds).toFixed(0)} ms`;
    results['bot thread event-loop block meanwhile (max delay)'] = `${(delay.max / 1e6).toFixed(1)} ms`;
    // Baseline: the same time with the bot thread idle and nothing in the worker.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, elapsed));
    idle.disable();
    results['bot thread max delay, idle as long (baseline)'] = `${(idle.max / 1e6).toFixed(1)} ms`;
  } finally {
    await patient.close();
  }

  // With the deadline, as the bot runs: the hostile guild floods, a friendly one asks once.
  const runner = startRegexRunner();
  try {
    await runner.firstMatch('warm', { id: -3, patterns: [{ pattern: 'x', caseSensitive: false }] }, 'x');
    const hostile = Array.from({ length: 10 }, (_, r) => runner.firstMatch('hostile', { id: -4, patterns: worst.patterns }, freshText(worst.text, r + 10)));
    const askedAt = performance.now();
    const friendly = await runner.firstMatch('friendly', { id: -5, patterns: [{ pattern: '\\bticket #?\\d+', caseSensitive: false }] }, 'see ticket 12');
    const waited = performance.now() - askedAt;
    await Promise.all(hostile);
    const counts = runner.counts();
    results['flood of 10 such messages: a friendly guild waited'] = `${waited.toFixed(0)} ms (answered: ${friendly === 0 ? 'yes' : 'no'})`;
    results['flood: messages over the deadline / guild set aside'] = `${counts.overran} / ${counts.setAside > 0 ? 'yes' : 'no'}`;
  } finally {
    await runner.close();
  }
  return results;
}

/** Patterns of one family, as many and as large as the validator and the guild limits accept. */
function fillToLimits(make: (k: number, i: number) => string): RegexPattern[] {
  let k = MAX_REGEX_INSTRUCTIONS;
  while (k > 0 && checkRegex(make(k, 0))) k--;
  if (k === 0) return [];
  const accepted: CommandTrigger[] = [];
  for (let i = 0; i < MAX_REGEX_TRIGGERS_PER_GUILD; i++) {
    const trigger: CommandTrigger = { type: 'regex', pattern: make(k, i), case_sensitive: false };
    if (checkRegex(trigger.pattern) || checkTriggerRoom(accepted, [trigger])) break;
    accepted.push(trigger);
  }
  return accepted.map((t) => ({ pattern: t.pattern, caseSensitive: t.case_sensitive }));
}

/** 2,000-character texts that keep RE2's threads alive: one letter, random small alphabets, CJK. */
function adversarialMessages(round: number): [string, string][] {
  return ['a', 'ab', 'abc', 'abcde', 'abcdefghij', 'abcdefghijklmnopqrstuvwxyz', 'cjk'].map((label) => [label, freshText(label, round)]);
}

function freshText(label: string, round: number): string {
  let seed = 1 + round * 7_919;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((seed / 2_147_483_648) * n);
  };
  if (label === 'cjk') return Array.from({ length: MESSAGE_LENGTH }, () => String.fromCodePoint(0x4e00 + random(5_000))).join('');
  return Array.from({ length: MESSAGE_LENGTH }, () => label[random(label.length)]).join('');
}

/** The median time of `runs` runs of `work(run)`: on a shared machine the maximum measures the neighbours. */
function medianOf(runs: number, work: (run: number) => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    work(r);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

function triggerOf(i: number, total: number): CommandTrigger {
  const share = i / total;
  if (share < 0.4) return { type: 'exact', pattern: `exact phrase ${i}`, case_sensitive: false };
  if (share < 0.6) return { type: 'starts_with', pattern: `!!start${i}`, case_sensitive: false };
  if (share < 0.9) return { type: 'contains', pattern: `keyword${i}`, case_sensitive: i % 2 === 0 };
  // A realistic spread, including a few that match ordinary chat ("how do i join").
  return i % 25 === 0 ? { type: 'regex', pattern: '\\bhow do i (join|play)\\b', case_sensitive: false } : { type: 'regex', pattern: `\\bticket #?${i}\\b`, case_sensitive: false };
}

function fakeCommand(name: string, trigger: CommandTrigger): CustomCommand {
  return customCommandRow({ name, guild_id: GUILD, response: 'ok', trigger });
}

function never(): never {
  throw new Error('the bench only reads');
}
