// Automod's cost per message, in one process: the CPU (this thread and the regex worker's: the
// process's) of a guild message delivered through the module runtime to the moderation module, for a
// guild with no Concord rule and one with every rule (20 patterns, invites, spam), beside a module
// whose MESSAGE_CREATE does nothing (what the runtime costs any module with a handler); then what
// finding each kind of violation costs. Discord is a stub that places every invite in another
// server; the enforcement after a violation (the delete, the case in PostgreSQL) is not counted.
import type { API } from '@discordjs/core';
import { createModuleStateStore } from '../../src/features/modules/store.ts';
import type { DispatchData, ModuleDefinition } from '../../src/module-kit/contract.ts';
import { createModuleRegistry } from '../../src/module-kit/registry.ts';
import { createModuleRuntime } from '../../src/module-kit/runtime.ts';
import { resolveValues } from '../../src/module-kit/settings.ts';
import { createAutomod } from '../../src/modules/moderation/automod.ts';
import { checkBlockedPatterns } from '../../src/modules/moderation/automod-patterns.ts';
import { moderation } from '../../src/modules/moderation/index.ts';
import type { ModerationContext, ModerationSettings } from '../../src/modules/moderation/service.ts';
import { createLogger } from '../../src/platform/log.ts';

const NONE = '100000000000000001';
const ALL = '100000000000000002';
const OTHER = '100000000000000009';
const CHANNEL = '100000000000000003';
const DISCORD_EPOCH = 1_420_070_400_000n;

const PATTERNS = [
  'free\\s*nitro',
  'steam\\s*(?:gift|community\\.ru)',
  'discord(?:-|\\s)?nitro\\.(?:gift|com)',
  'https?://\\S*grabify',
  '(?:bit\\.ly|tinyurl\\.com|t\\.co)/\\w+',
  '@everyone.*https?://',
  'claim\\s+your\\s+(?:prize|reward)',
  'crypto\\s*(?:airdrop|giveaway)',
  '\\b(?:b[i1]tch|a[s$]{2}hole)\\b',
  'onlyfans\\.com',
  'sell(?:ing)?\\s+accounts?',
  '\\bc[o0]ck\\b',
  'dm\\s+me\\s+for\\s+(?:free|cheap)',
  '(?:\\d{1,3}\\.){3}\\d{1,3}:\\d{2,5}',
  'gift\\s*card\\s*generator',
  'robux\\s*(?:free|generator)',
  '\\bk[i1]ll\\s+yours(?:elf)?\\b',
  'xn--[a-z0-9]+',
  'join\\s+my\\s+server',
  '(?:ha){10,}',
];

const EVERY_RULE = {
  automod_blocked_patterns: PATTERNS.join('\n'),
  automod_block_invites: true,
  automod_spam_messages: 5,
  automod_spam_seconds: 5,
};

/** The baseline: a module with the same settings whose MESSAGE_CREATE does nothing. */
const idle: ModuleDefinition = { name: 'idle', description: 'does nothing', settings: moderation.settings ?? {}, events: { MESSAGE_CREATE: doNothing } };

function doNothing(): void {}

export async function benchAutomod({ messages = 20_000 } = {}) {
  const refused = checkBlockedPatterns(EVERY_RULE.automod_blocked_patterns);
  if (refused.length > 0) throw new Error(`the bench's patterns are over the limits: ${refused.map((p) => p.message).join('; ')}`);
  const discord = { invites: { get: async () => ({ guild: { id: OTHER } }) } } as unknown as API;
  const log = createLogger('silent');
  const automod = createAutomod({ discord: () => discord, log });
  try {
    return { ...(await benchDelivery(automod, discord, messages)), ...(await benchViolations(automod, discord)) };
  } finally {
    await automod.close();
  }
}

/** Messages through the module runtime, as the gateway hands them over: the moderation module, and a module that does nothing. */
async function benchDelivery(automod: ReturnType<typeof createAutomod>, discord: API, count: number) {
  const instance = { automod, expiries: { stop: async () => {} } };
  // The moderation module as it runs, its instance made without a database (no case is made here: no message breaks a rule).
  const moderationHere = { ...moderation, setup: () => instance } as ModuleDefinition;
  const rows = new Map([[ALL, [{ guild_id: ALL, module: 'moderation', enabled: true, settings: EVERY_RULE, version: 1, updated_at: null, updated_by: null }]]]);
  const runtimeOf = async (definition: ModuleDefinition) => {
    const registry = createModuleRegistry([{ name: definition.name, source: 'built-in', definition, intents: [] }]);
    const runtime = createModuleRuntime({
      registry,
      states: createModuleStateStore(async (guildId) => rows.get(guildId) ?? [], { ttlMs: 3_600_000 }),
      discord: () => discord,
      log: createLogger('silent'),
      onError: (error) => {
        throw error;
      },
      onJobError: (error) => {
        throw error;
      },
      timeoutMs: 10_000,
      setup: {} as never,
    });
    await runtime.setup();
    return runtime;
  };
  const idleRuntime = await runtimeOf(idle);
  const moderationRuntime = await runtimeOf(moderationHere);
  // Each member writes once every few seconds: ordinary chat, no burst.
  const clean = Array.from({ length: count }, (_, i) => message(i, `message number ${i}: some ordinary chat of about sixty characters or so`, Date.now() + i * 100));
  const measure = async (runtime: Awaited<ReturnType<typeof runtimeOf>>, guildId: string) => {
    for (const m of clean.slice(0, 500)) await runtime.deliver('MESSAGE_CREATE', { ...m, guild_id: guildId });
    const batch = clean.map((m) => ({ ...m, guild_id: guildId }));
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const m of batch) await runtime.deliver('MESSAGE_CREATE', m);
    const used = process.cpuUsage(cpu);
    return { cpu: (used.user + used.system) / batch.length, wall: ((performance.now() - started) * 1_000) / batch.length };
  };
  // Best of three rounds taken in turn, so the JIT's warm-up and a busy moment weigh on none of them.
  const best = { baseline: { cpu: Infinity, wall: 0 }, none: { cpu: Infinity, wall: 0 }, all: { cpu: Infinity, wall: 0 } };
  const keep = (key: keyof typeof best, round: { cpu: number; wall: number }) => {
    if (round.cpu < best[key].cpu) best[key] = round;
  };
  for (let round = 0; round < 3; round++) {
    keep('baseline', await measure(idleRuntime, NONE));
    keep('none', await measure(moderationRuntime, NONE));
    keep('all', await measure(moderationRuntime, ALL));
  }
  const { baseline, none, all } = best;
  // The moderation runtime's automod is closed by the caller.
  await idleRuntime.teardown();
  const µs = (n: number) => `${n.toFixed(1)} µs`;
  return {
    [`clean message, a module whose MESSAGE_CREATE does nothing (baseline, ${count.toLocaleString('en')} messages)`]: `${µs(baseline.cpu)} CPU`,
    'clean message, guild with no Concord rule': `${µs(none.cpu)} CPU (${none.cpu - baseline.cpu >= 0 ? '+' : ''}${µs(none.cpu - baseline.cpu)} against the baseline)`,
    'clean message, guild with every rule (20 patterns, invites, spam)': `${µs(all.cpu)} CPU, ${µs(all.wall)} wall (the patterns in the worker)`,
  };
}

/** What finding a violation costs, rule by rule (the guild with every rule; enforcement not counted). */
async function benchViolations(automod: ReturnType<typeof createAutomod>, discord: API) {
  const settings = resolveValues(moderation.settings ?? {}, EVERY_RULE) as unknown as ModerationSettings;
  const ctx: ModerationContext = { discord, settings, log: createLogger('silent') };
  const at = Date.now();
  const kinds: [string, (i: number) => { content: string; at: number; user: number }, boolean][] = [
    ['pattern', (i) => ({ content: `hey, free nitro here ${i}`, at: at + i * 10_000, user: i }), true],
    ['invite', (i) => ({ content: `join discord.gg/abc${i % 50} now`, at: at + i * 10_000, user: i }), true],
    // One member, a message every 100 ms: a burst every fifth message (the others are clean then).
    ['spam (a flood from one member: one message in five completes a burst)', (i) => ({ content: `buy ${i}`, at: at + i * 100, user: 1 + Math.floor(i / 1_000_000) }), true],
  ];
  const results: Record<string, string> = {};
  const rounds = 5_000;
  for (const [name, make] of kinds) {
    let bestCpu = Infinity;
    let found = 0;
    for (let round = 0; round < 3; round++) {
      // Each round its own members and times, so spam counts start afresh.
      const offset = round * 1_000_000;
      found = 0;
      const cpu = process.cpuUsage();
      for (let i = 0; i < rounds; i++) if (await automod.detect(ctx, automodMessage(offset + i, make(offset + i)), true)) found++;
      const used = process.cpuUsage(cpu);
      bestCpu = Math.min(bestCpu, (used.user + used.system) / rounds);
    }
    results[`violating message: ${name}`] = `${bestCpu.toFixed(1)} µs CPU to find (${found.toLocaleString('en')} of ${rounds.toLocaleString('en')} found)`;
  }
  return results;
}

function automodMessage(i: number, m: { content: string; at: number; user: number }) {
  return { id: String(i + 1_000_000), guildId: ALL, channelId: CHANNEL, userId: String(200_000_000_000_000_000n + BigInt(m.user)), roleIds: [], content: m.content, at: m.at };
}

function message(i: number, content: string, at: number): DispatchData<'MESSAGE_CREATE'> {
  const id = String(((BigInt(at) - DISCORD_EPOCH) << 22n) + BigInt(i % 4_096));
  return {
    id,
    type: 0,
    channel_id: CHANNEL,
    author: { id: String(200_000_000_000_000_000n + BigInt(i % 500)), username: `user${i % 500}`, discriminator: '0', global_name: null, avatar: null },
    content,
    timestamp: new Date(at).toISOString(),
    attachments: [],
    member: { roles: [] },
  } as unknown as DispatchData<'MESSAGE_CREATE'>;
}
