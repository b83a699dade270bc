// Auto-responses on the hot path: how many guild messages one process checks per second against a
// guild's triggers (cached and compiled, as in the bot), and how long compiling them takes.
import { findAutoResponse } from '../../src/custom-commands/auto-respond.ts';
import { memoryCooldowns } from '../../src/custom-commands/cooldowns.ts';
import { createCommandStore } from '../../src/custom-commands/store.ts';
import { compileTriggers } from '../../src/custom-commands/triggers.ts';
import type { CommandTrigger, CustomCommand } from '../../src/db/commands.ts';

const GUILD = '100000000000000001';
const WORDS = 'the a bot server help how do i join rules role game play today later thanks please why what when voice chat music event link ban mute'.split(' ');

export async function benchTriggers({ triggers = 1_000, messages = 200_000 } = {}) {
  const commands = Array.from({ length: triggers }, (_, i) => fakeCommand(i, triggerOf(i, triggers)));
  const store = createCommandStore({ listForGuild: async () => commands, create: never, update: never, remove: never }, { ttlMs: 3_600_000 });
  const services = { commands: store, cooldowns: memoryCooldowns() };

  const compileStarted = performance.now();
  compileTriggers(commands);
  const compileMs = performance.now() - compileStarted;

  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  // About one line in a hundred is a question an auto-response answers.
  const lines = Array.from({ length: 1_000 }, (_, i) => i % 100 === 0 ? 'how do i join the event' : Array.from({ length: 4 + Math.floor(random() * 12) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
  for (let i = 0; i < 2_000; i++) await findAutoResponse(services, GUILD, 'c', lines[i % lines.length] ?? '', []);

  let matched = 0;
  const started = performance.now();
  for (let i = 0; i < messages; i++) {
    // Many channels, so the per-channel cooldown does not hide the work of a match.
    if (await findAutoResponse(services, GUILD, `c${i}`, lines[i % lines.length] ?? '', [])) matched++;
  }
  const seconds = (performance.now() - started) / 1_000;
  const mix = `${triggers * 0.4} exact, ${triggers * 0.2} starts_with, ${triggers * 0.2} contains, ${triggers * 0.2} regex`;
  return {
    triggers: `${triggers} (${mix})`,
    'compile all triggers': `${compileMs.toFixed(1)} ms`,
    'messages checked': String(messages),
    'messages that set one off': `${((matched / messages) * 100).toFixed(1)} %`,
    'messages checked per second (one process, one core)': Math.round(messages / seconds).toLocaleString('en-US'),
    'mean check time': `${((seconds / messages) * 1e6).toFixed(1)} µs`,
  };
}

function triggerOf(i: number, total: number): CommandTrigger {
  const share = i / total;
  if (share < 0.4) return { type: 'exact', pattern: `exact phrase ${i}`, case_sensitive: false };
  if (share < 0.6) return { type: 'starts_with', pattern: `!!start${i}`, case_sensitive: false };
  if (share < 0.8) return { type: 'contains', pattern: `keyword${i}`, case_sensitive: i % 2 === 0 };
  // A realistic spread, including a few that match ordinary chat ("how do i join").
  return i % 50 === 0
    ? { type: 'regex', pattern: '\\bhow do i (join|play)\\b', case_sensitive: false }
    : { type: 'regex', pattern: `\\b(ticket|issue)[ #-]?${i}\\d*\\b`, case_sensitive: false };
}

function fakeCommand(i: number, trigger: CommandTrigger): CustomCommand {
  return {
    id: String(i + 1),
    guild_id: GUILD,
    name: `auto${i}`,
    response: 'ok',
    responses: [],
    description: '',
    aliases: [],
    cooldown_seconds: 0,
    channel_cooldown_seconds: 0,
    guild_cooldown_seconds: 0,
    enabled: true,
    use_count: '0',
    created_by: null,
    created_at: new Date(),
    updated_at: new Date(),
    metadata: {},
    trigger,
    permissions: { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] },
    deleted_at: null,
    deleted_by: null,
  };
}

function never(): never {
  throw new Error('the bench only reads');
}
