// The checks before a command: the dispatcher runs the global preconditions, then the command's own,
// in order; the first refusal is the reply (only the invoker sees it) and the log row's status, and
// nothing after it runs. A command's required services are checked once, after its options.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invocation } from '../../src/bot/dispatcher.ts';
import type { ReminderService } from '../../src/features/scheduling/reminder-service.ts';
import type { Command, Precondition } from '../../src/module-kit/command-types.ts';
import { defineCommand } from '../../src/module-kit/define.ts';
import { cooldown, guildOnly, memberPermissions, refuse } from '../../src/module-kit/preconditions.ts';
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

const needsReminders = defineCommand({
  name: 'needs',
  description: 'test',
  requires: ['reminders'],
  options: { n: { description: 'a number', type: 'integer', required: true } },
  // No `?.`: the dispatcher checked that the service is there before calling this.
  run: async (ctx, { n }) => ctx.reply(`${n}: ${(await ctx.bot.reminders.listOwn(ctx.user.id)).length} pending`),
});

test('a missing requirement is answered once, after the options are read, and run is not called', async () => {
  const use = dispatcherFor(needsReminders);
  assert.deepEqual(await use({ rawArgs: 'x' }), { replies: ['(only you) n: must be a whole number. Usage: `!needs <n>`'], status: 'error', error: 'invalid arguments: n: must be a whole number' });
  assert.deepEqual(await use({ rawArgs: '3' }), {
    replies: ["(only you) Reminders are not available here: they need Concord's `all` mode, connected to Discord."],
    status: 'ok',
    error: null,
  });
});

test('a present requirement is handed to run', async () => {
  const reminders = { listOwn: async () => [{}, {}] } as unknown as ReminderService;
  const use = dispatcherFor(needsReminders, { services: { reminders } });
  assert.deepEqual((await use({ rawArgs: '3' })).replies, ['3: 2 pending']);
});

test('stats missing is answered, not reported as an error', async () => {
  const use = dispatcherFor(defineCommand({ name: 'st', description: 'test', requires: ['stats'], run: (ctx) => ctx.reply('ran') }));
  assert.deepEqual(await use(), { replies: ['(only you) Stats are not available here.'], status: 'ok', error: null });
});
