// Who may run a custom command: the one precedence rule, case by case, then end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandPermissions } from '../../../src/modules/custom-commands/data/queries.ts';
import { checkPermissions } from '../../../src/modules/custom-commands/permissions.ts';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';

const MODS = '900000000000000001';
const MUTED = '900000000000000002';
const GENERAL = '800000000000000001';
const SPAM = '800000000000000002';

const none: CommandPermissions = { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] };

const cases: [string, Partial<CommandPermissions>, string | null, string[], string | undefined][] = [
  ['no lists: everyone everywhere', {}, GENERAL, [], undefined],
  ['a denied channel', { deny_channels: [SPAM] }, SPAM, [MODS], 'deny_channels'],
  ['a denied role', { deny_roles: [MUTED] }, GENERAL, [MODS, MUTED], 'deny_roles'],
  ['a deny wins over an allow of the same role', { allow_roles: [MUTED], deny_roles: [MUTED] }, GENERAL, [MUTED], 'deny_roles'],
  ['a denied channel wins over an allowed channel and role', { allow_channels: [SPAM], allow_roles: [MODS], deny_channels: [SPAM] }, SPAM, [MODS], 'deny_channels'],
  ['a denied role wins over an allowed channel', { allow_channels: [GENERAL], deny_roles: [MUTED] }, GENERAL, [MUTED], 'deny_roles'],
  ['outside the allowed channels', { allow_channels: [GENERAL] }, SPAM, [MODS], 'allow_channels'],
  ['in an allowed channel', { allow_channels: [GENERAL] }, GENERAL, [], undefined],
  ['without an allowed role', { allow_roles: [MODS] }, GENERAL, [], 'allow_roles'],
  ['with an allowed role', { allow_roles: [MODS] }, GENERAL, [MUTED, MODS], undefined],
  ['both allow lists must be met', { allow_roles: [MODS], allow_channels: [GENERAL] }, SPAM, [MODS], 'allow_channels'],
  ['allowed channels refuse DMs', { allow_channels: [GENERAL] }, null, [], 'allow_channels'],
];

for (const [what, lists, channel, roles, rule] of cases) {
  test(`${what}: ${rule ?? 'allowed'}`, () => {
    assert.equal(checkPermissions({ ...none, ...lists }, channel, roles)?.rule, rule);
  });
}

test('a denied use names the rule, ephemerally for slash; the preview says the same', async (t) => {
  const { request, say, fake, guild, channelId, admin, member } = await startBotApp(t);
  const { body } = await request('POST', '/api/commands', {
    guild_id: guild.id,
    name: 'modsonly',
    response: 'Hello {user}, you said {1:number}',
    permissions: { allow_roles: [MODS] },
  });
  assert.equal((await say('!modsonly 1', member)).content, `You cannot use \`modsonly\` here: it needs one of the roles <@&${MODS}> (allow_roles).`);
  assert.equal((await say('!modsonly 2', admin)).content, 'Hello Ada, you said 2');

  const interaction = fake.sendInteraction({
    channel_id: channelId,
    guild_id: guild.id,
    user: member,
    name: 'custom',
    options: [{ type: 3, name: 'name', value: 'modsonly' }],
  } as never);
  const response = await fake.waitForInteractionReply(interaction.id);
  const data = response.body.data as { content: string; flags?: number };
  assert.match(data.content, /\(allow_roles\)/);
  assert.equal(data.flags, 64, 'ephemeral');

  await eventually(async () => {
    const { body: logs } = await request('GET', `/api/logs?guild_id=${guild.id}&command=modsonly&status=denied`);
    assert.equal(logs.items.length, 2, 'the prefix and the slash use, logged as denied');
    assert.equal(logs.items[0].metadata.denied_by, 'allow_roles');
  });

  const denied = await request('POST', `/api/commands/${body.id}/preview`, { user_id: member.id, channel_id: channelId, args: '3' });
  assert.equal(denied.status, 200);
  assert.equal(denied.body.allowed, false);
  assert.equal(denied.body.denied_by.rule, 'allow_roles');
  const allowed = await request('POST', `/api/commands/${body.id}/preview`, { user_id: admin.id, user_name: 'Ada', channel_id: channelId, role_ids: [MODS], args: '3' });
  assert.deepEqual(allowed.body, { allowed: true, denied_by: null, content: 'Hello Ada, you said 3', embeds: [], components: [], mentioned_user_ids: [], problem: null, usage: '!modsonly <number>' });
  const wrong = await request('POST', `/api/commands/${body.id}/preview`, { user_id: admin.id, role_ids: [MODS], args: 'three' });
  assert.equal(wrong.body.content, null);
  assert.match(wrong.body.problem, /`three` is not a number/);
  assert.equal(fake.sentMessages.filter((m) => String(m.body.content).includes('you said 3')).length, 0, 'a preview sends nothing');
});
