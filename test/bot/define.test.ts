// defineCommand's options: each kind read from the prefix form's text and from Discord's slash
// values to the same typed value, in the order declared; a bad one is answered with the usage line.
// The types themselves are checked by `npm run typecheck` (the @ts-expect-error lines below).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type APIApplicationCommandInteractionDataOption, ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { toDiscordOptions } from '../../src/bot/options.ts';
import { defineCommand } from '../../src/module-kit/define.ts';
import { guildOnly } from '../../src/module-kit/preconditions.ts';
import { dispatcherFor } from '../support/dispatcher.ts';

const ID = '123456789012345678';

const echo = defineCommand({
  name: 'echo',
  description: 'test',
  options: {
    count: { description: 'how many', type: 'integer', required: true, minValue: 1, maxValue: 10 },
    loud: { description: 'shout', type: 'boolean' },
    who: { description: 'a user', type: 'user' },
    where: { description: 'a channel', type: 'channel' },
    role: { description: 'a role', type: 'role' },
    text: { description: 'the rest', type: 'string', rest: true, maxLength: 20 },
  },
  run(ctx, options) {
    // Typed: `count` is a number, the others may be missing.
    const count: number = options.count;
    // @ts-expect-error an optional option may be undefined
    const loud: boolean = options.loud;
    return ctx.reply(JSON.stringify({ ...options, count, loud }));
  },
});

const slash = (options: APIApplicationCommandInteractionDataOption[]) => ({ slash: { options, memberPermissions: null } });

const cases: { name: string; use: Parameters<ReturnType<typeof dispatcherFor>>[0]; reply: string }[] = [
  {
    name: 'prefix: every kind, mentions or ids, the rest with its spaces',
    use: { rawArgs: `3 yes <@!${ID}> <#${ID}> <@&${ID}> hello  there` },
    reply: JSON.stringify({ count: 3, loud: true, who: ID, where: ID, role: ID, text: 'hello  there' }),
  },
  { name: 'prefix: bare ids, "quoted" words, no for a boolean', use: { rawArgs: `"4" no ${ID} ${ID} ${ID}` }, reply: JSON.stringify({ count: 4, loud: false, who: ID, where: ID, role: ID }) },
  { name: 'prefix: optional options left out', use: { rawArgs: '1' }, reply: JSON.stringify({ count: 1 }) },
  {
    name: 'slash: the same values from Discord',
    use: slash([
      { name: 'count', type: T.Integer, value: 5 },
      { name: 'loud', type: T.Boolean, value: true },
      { name: 'who', type: T.User, value: ID },
      { name: 'where', type: T.Channel, value: ID },
      { name: 'role', type: T.Role, value: ID },
      { name: 'text', type: T.String, value: 'hi there' },
    ]),
    reply: JSON.stringify({ count: 5, loud: true, who: ID, where: ID, role: ID, text: 'hi there' }),
  },
  { name: 'prefix: a required option missing', use: { rawArgs: '' }, reply: '(only you) count is required. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  { name: 'prefix: not a number', use: { rawArgs: 'x' }, reply: '(only you) count: must be a whole number. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  { name: 'prefix: out of range', use: { rawArgs: '11' }, reply: '(only you) count: must be at most 10. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  { name: 'prefix: not a boolean', use: { rawArgs: '2 maybe' }, reply: '(only you) loud: must be yes or no. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  { name: 'prefix: a user by name', use: { rawArgs: '2 no @bob' }, reply: '(only you) who: must be a user mention or id. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  { name: 'prefix: a user mention for a role', use: { rawArgs: `2 no ${ID} ${ID} <@${ID}>` }, reply: '(only you) role: must be a role mention or id. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  { name: 'prefix: too long', use: { rawArgs: `2 no ${ID} ${ID} ${ID} ${'x'.repeat(21)}` }, reply: '(only you) text: must be at most 20 characters. Usage: `!echo <count> [loud] [who] [where] [role] [text]`' },
  {
    name: 'slash: checked by the same rules',
    use: slash([{ name: 'count', type: T.Integer, value: 50 }]),
    reply: '(only you) count: must be at most 10. Usage: `/echo <count> [loud] [who] [where] [role] [text]`',
  },
];

for (const { name, use, reply } of cases) {
  test(`options, ${name}`, async () => {
    assert.deepEqual((await dispatcherFor(echo)(use)).replies, [reply]);
  });
}

test('the declared order and kinds are what Discord registers', () => {
  assert.deepEqual(
    toDiscordOptions(echo.options).map((o) => [o.name, o.type, o.required]),
    [
      ['count', T.Integer, true],
      ['loud', T.Boolean, false],
      ['who', T.User, false],
      ['where', T.Channel, false],
      ['role', T.Role, false],
      ['text', T.String, false],
    ],
  );
});

test('subcommands: each has its own typed options; guildOnly types the guild as present', async () => {
  const notes = defineCommand({
    name: 'notes',
    description: 'test',
    preconditions: [guildOnly],
    subcommands: (subcommand) => [
      subcommand({ name: 'show', description: 'test', options: { id: { description: 'which', type: 'integer', required: true } }, run: (ctx, { id }) => ctx.reply(`#${id + 1} in ${ctx.guild.name}`) }),
      subcommand({ name: 'where', description: 'test', run: (ctx) => ctx.reply(ctx.guild.id) }),
    ],
  });
  const use = dispatcherFor(notes);
  assert.deepEqual((await use({ rawArgs: 'show 41' })).replies, ['#42 in Test']);
  assert.deepEqual((await use(slash([{ name: 'show', type: T.Subcommand, options: [{ name: 'id', type: T.Integer, value: 1 }] }]))).replies, ['#2 in Test']);
  assert.deepEqual((await use({ rawArgs: 'where' })).replies, ['100000000000000001']);
});

// Types only: without guildOnly the guild may be null; a module's services are `ctx.instance`, which
// the command narrows itself (it is absent where the module's setup failed or is not run).
defineCommand({
  name: 'types',
  description: 'test',
  run(ctx) {
    // @ts-expect-error no guildOnly: a DM has no guild
    void ctx.guild.id;
    // @ts-expect-error the instance is unknown: what the module's setup returned, if anything
    void ctx.instance.listOwn;
  },
});
