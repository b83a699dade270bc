// The checks before a command: the dispatcher runs the global preconditions, then the command's own,
// in order; the first refusal is the reply (only the invoker sees it) and the log row's status, and
// nothing after it runs. A command gets its module's instance (its services) once its options are read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invocation } from '../../src/bot/dispatcher.ts';
import type { Command, CommandModules, Precondition } from '../../src/module-kit/command-types.ts';
import { defineCommand } from '../../src/module-kit/define.ts';
import { cooldown, guildOnly, memberPermissions, refuse } from '../../src/module-kit/preconditions.ts';
import { reminders } from '../../src/modules/reminders/reminders.ts';
import { top } from '../../src/modules/stats/top.ts';
import { createLogger } from '../../src/platform/log.ts';
import { dispatcherFor } from '../support/dispatcher.ts';

const MANAGE = PermissionFlagsBits.ManageGuild;

/** A command with these preconditions whose run says "ran". */
function guarded(preconditions: readonly Precondition[]): Command {
  return defineCommand({ name: 'guarded', description: 'test', preconditions: [...preconditions], run: (ctx) => ctx.reply('ran') });
}

const off: Precondition = { id: 'CommandDisabled', run: () => refuse('CommandDisabled', 'forbidden', 'That command is turned off in this server.') };
const pass: Precondition = { id: 'Always', run: () => ({ ok: true }) };
const slashWith = (bits: bigint) => ({ slash: { options: [], memberPermissions: bits } });

const cases: {
  name: string;
  command: Command;
  global?: Precondition[];
  uses: Partial<Invocation>[];
  expect: { replies: string[]; status: string | undefined }[];
}[] = [
  { name: 'guildOnly refuses a DM', command: guarded([guildOnly]), uses: [{ guild: null }], expect: [{ replies: ['(only you) That command works in servers only.'], status: 'denied' }] },
  { name: 'guildOnly lets a guild through', command: guarded([guildOnly]), uses: [{}], expect: [{ replies: ['ran'], status: 'ok' }] },
  {
    name: 'Manage Server is needed',
    command: guarded([memberPermissions(MANAGE)]),
    uses: [slashWith(0n), slashWith(MANAGE), slashWith(PermissionFlagsBits.Administrator), {}],
    expect: [
      { replies: ['(only you) You need the Manage Server permission for that.'], status: 'denied' },
      { replies: ['ran'], status: 'ok' },
      { replies: ['ran'], status: 'ok' },
      // The prefix form carries no permissions.
      { replies: ['(only you) You need the Manage Server permission for that.'], status: 'denied' },
    ],
  },
  {
    name: 'a cooldown holds per user',
    command: guarded([cooldown(5)]),
    uses: [{}, {}, { user: { id: '200000000000000002', username: 'bob', displayName: 'Bob' } }],
    expect: [
      { replies: ['ran'], status: 'ok' },
      { replies: ['(only you) Slow down: you can use that again in 5 s.'], status: 'cooldown' },
      { replies: ['ran'], status: 'ok' },
    ],
  },
  {
    name: 'the first refusal wins, and later checks do not run (no cooldown is taken)',
    command: guarded([guildOnly, memberPermissions(MANAGE), cooldown(60)]),
    uses: [{ guild: null }, { guild: null }, slashWith(MANAGE), slashWith(MANAGE)],
    expect: [
      { replies: ['(only you) That command works in servers only.'], status: 'denied' },
      { replies: ['(only you) That command works in servers only.'], status: 'denied' },
      { replies: ['ran'], status: 'ok' },
      { replies: ['(only you) Slow down: you can use that again in 60 s.'], status: 'cooldown' },
    ],
  },
  {
    name: "global preconditions run before the command's own",
    command: guarded([guildOnly]),
    global: [pass, off],
    uses: [{ guild: null }, {}],
    expect: [
      { replies: ['(only you) That command is turned off in this server.'], status: 'denied' },
      { replies: ['(only you) That command is turned off in this server.'], status: 'denied' },
    ],
  },
  {
    name: 'a plain (plugin) command gets the checks its fields ask for, in the same order',
    command: { name: 'plain', description: 'test', guildOnly: true, permissions: MANAGE, cooldownSeconds: 5, run: (ctx) => ctx.reply('ran') },
    uses: [{ guild: null }, slashWith(0n), slashWith(MANAGE), slashWith(MANAGE)],
    expect: [
      { replies: ['(only you) That command works in servers only.'], status: 'denied' },
      { replies: ['(only you) You need the Manage Server permission for that.'], status: 'denied' },
      { replies: ['ran'], status: 'ok' },
      { replies: ['(only you) Slow down: you can use that again in 5 s.'], status: 'cooldown' },
    ],
  },
];

for (const { name, command, global = [], uses, expect } of cases) {
  test(`preconditions: ${name}`, async () => {
    const use = dispatcherFor(command, { preconditions: global });
    const seen = [];
    for (const invocation of uses) {
      const { replies, status } = await use(invocation);
      seen.push({ replies, status });
    }
    assert.deepEqual(seen, expect);
  });
}

test('defineCommand registers the permission precondition as the slash command default_member_permissions', () => {
  assert.equal(guarded([guildOnly, memberPermissions(MANAGE)]).permissions, MANAGE);
  assert.equal(guarded([guildOnly]).permissions, undefined);
});

/** Modules as the dispatcher asks them: every command is `owner`'s, whose instance in this process is `instance`. */
function modulesWith(instance: unknown): CommandModules {
  const owner = { name: 'owner' };
  return {
    registry: { moduleOfCommand: () => owner, modules: [] },
    isEnabled: async () => true,
    dynamicCommandsIn: async () => [],
    context: async () => ({ module: owner.name, settings: {}, log: createLogger('silent'), customId: () => '', instance }),
  };
}

const counts = defineCommand({
  name: 'counts',
  description: 'test',
  options: { n: { description: 'a number', type: 'integer', required: true } },
  run: (ctx, { n }) => ctx.reply(`${n}: ${ctx.instance === undefined ? 'no instance' : JSON.stringify(ctx.instance)}`),
});

test("a command is handed its module's instance in this process, once its options are read", async () => {
  const use = dispatcherFor(counts, { services: { modules: modulesWith({ pending: 2 }) } });
  assert.deepEqual(await use({ rawArgs: 'x' }), { replies: ['(only you) n: must be a whole number. Usage: `!counts <n>`'], status: 'error', error: 'invalid arguments: n: must be a whole number' });
  assert.deepEqual((await use({ rawArgs: '3' })).replies, ['3: {"pending":2}']);
  assert.deepEqual((await dispatcherFor(counts, { services: { modules: modulesWith(undefined) } })({ rawArgs: '3' })).replies, ['3: no instance']);
});

test('reminder commands in a process without reminders (no database) say so, not as an error', async () => {
  const use = dispatcherFor(reminders, { services: { modules: modulesWith(undefined) } });
  assert.deepEqual(await use({ rawArgs: 'list' }), {
    replies: ["(only you) Reminders are not available here: they need Concord's `all` mode, connected to Discord."],
    status: 'ok',
    error: null,
  });
});

test('reminder commands use the reminders of their module instance', async () => {
  const instance = { service: { listOwn: async () => [] } };
  const use = dispatcherFor(reminders, { services: { modules: modulesWith(instance) } });
  assert.deepEqual((await use({ rawArgs: 'list' })).replies, ['(only you) You have no pending reminders. Set one with `!remind 10m stretch`.']);
});

test('stats missing is answered, not reported as an error', async () => {
  const use = dispatcherFor(top, { services: { modules: modulesWith(undefined) } });
  assert.deepEqual(await use(), { replies: ['(only you) Stats are not available here.'], status: 'ok', error: null });
});
