// Proves the fake Discord's AutoMod against @discordjs/rest and a gateway client: the rules API with
// Discord's permission and limits, its events, and messages blocked by keywords (with Discord's
// wildcards) and mention spam, once per action, exempt members, roles and channels let through.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { DiscordAPIError, REST } from '@discordjs/rest';
import {
  type APIAutoModerationRule,
  AutoModerationActionType,
  AutoModerationRuleEventType,
  AutoModerationRuleTriggerType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import { keywordMatch } from './fake-discord/auto-moderation.ts';
import { type FakeDiscord, startFakeDiscord } from './fake-discord/index.ts';

const token = 'fake-bot-token';

async function startFake(t: TestContext): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ token, heartbeatInterval: 1_000, identifyWindowMs: 0 });
  t.after(() => fake.close());
  return fake;
}

/** A guild where the bot has Manage Server (through its role), a moderator, a member, two channels. */
function seed(fake: FakeDiscord) {
  const owner = fake.createUser({ username: 'owner' });
  const mod = fake.createUser({ username: 'mod' });
  const member = fake.createUser({ username: 'member' });
  const guild = fake.addGuild({
    name: 'AutoMod',
    owner_id: owner.id,
    channels: [{ name: 'general' }, { name: 'memes' }],
    roles: [
      { id: '920000000000000001', name: 'Bot', permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ModerateMembers },
      { id: '920000000000000002', name: 'Trusted', permissions: 0n },
      { id: '920000000000000003', name: 'Admins', permissions: PermissionFlagsBits.Administrator },
    ],
    members: [{ user: owner }, { user: mod, roles: ['920000000000000003'] }, { user: member }],
    botRoles: ['920000000000000001'],
  });
  return { owner, mod, member, guild, general: guild.channels[0]?.id ?? '', memes: guild.channels[1]?.id ?? '' };
}

/**
 * A raw gateway session with `intents`: `events` collects its dispatches, `until` waits for them to
 * reach a condition (on the socket's own messages, no polling).
 */
async function connect(t: TestContext, fake: FakeDiscord, intents: number) {
  const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
  t.after(() => socket.close());
  const events: { t: string; d: Record<string, unknown> }[] = [];
  const waiters = new Set<{ check: () => boolean; resolve: () => void }>();
  const until = (check: () => boolean) => (check() ? Promise.resolve() : new Promise<void>((resolve) => waiters.add({ check, resolve })));
  socket.on('message', (raw) => {
    const payload = JSON.parse(String(raw)) as { op: number; t: string; d: Record<string, unknown> };
    if (payload.op === GatewayOpcodes.Hello) socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } } }));
    if (payload.op !== GatewayOpcodes.Dispatch) return;
    events.push({ t: payload.t, d: payload.d });
    for (const waiter of waiters) {
      if (!waiter.check()) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  });
  await until(() => events.some((e) => e.t === 'READY'));
  return { events, until };
}

const wordsRule = (keywords: string[], extra: Record<string, unknown> = {}) => ({
  name: 'words',
  event_type: AutoModerationRuleEventType.MessageSend,
  trigger_type: AutoModerationRuleTriggerType.Keyword,
  trigger_metadata: { keyword_filter: keywords },
  actions: [{ type: AutoModerationActionType.BlockMessage, metadata: { custom_message: 'Not here.' } }],
  enabled: true,
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => assert.fail('expected Discord to refuse'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DiscordAPIError, String(error));
  return error;
}

test('keyword matching follows Discord’s wildcard strategies, ignoring case', () => {
  const cases: [string, string, string | null][] = [
    ['cat', 'a cat sat', 'cat'],
    ['cat', 'CAT', 'CAT'],
    ['cat', 'catch it', null],
    ['cat', 'wildcat', null],
    ['cat*', 'Catapult now', 'Catapult'],
    ['cat*', 'wildcat', null],
    ['*cat', 'a copyCat', 'copyCat'],
    ['*cat', 'catch', null],
    ['*ana*', 'bananas!', 'bananas!'],
    ['the mat*', 'see the matrix', 'the matrix'],
    ['*the mat', 'breathe mat', 'breathe mat'],
    ['i like c++', 'well i like c++ a lot', 'i like c++'],
    ['free nitro', 'get free   nitro', 'free   nitro'],
    ['*', 'anything', null],
  ];
  for (const [keyword, content, expected] of cases) assert.equal(keywordMatch(keyword, content), expected, `${keyword} in "${content}"`);
});

test('the rules API: Manage Server, Discord’s limits as 50035 naming the field, events for each change', async (t) => {
  const fake = await startFake(t);
  const { guild } = seed(fake);
  const rest = new REST({ api: fake.apiUrl }).setToken(token);
  const { events, until } = await connect(t, fake, GatewayIntentBits.Guilds | GatewayIntentBits.AutoModerationConfiguration);
  const rules = Routes.guildAutoModerationRules(guild.id);

  const created = (await rest.post(rules, { body: wordsRule(['spam*']) })) as APIAutoModerationRule;
  assert.equal(created.creator_id, fake.botUser.id);
  assert.deepEqual(created.trigger_metadata, { keyword_filter: ['spam*'], regex_patterns: [], allow_list: [] });
  assert.deepEqual([created.exempt_roles, created.exempt_channels], [[], []]);
  const changed = (await rest.patch(Routes.guildAutoModerationRule(guild.id, created.id), { body: { exempt_roles: ['920000000000000002'] } })) as APIAutoModerationRule;
  assert.deepEqual([changed.id, changed.exempt_roles, changed.trigger_metadata.keyword_filter], [created.id, ['920000000000000002'], ['spam*']]);
  assert.equal(((await rest.get(rules)) as unknown[]).length, 1);
  await rest.delete(Routes.guildAutoModerationRule(guild.id, created.id));
  assert.equal((await refusal(rest.get(Routes.guildAutoModerationRule(guild.id, created.id)))).status, 404);
  await until(() => events.filter((e) => e.t.startsWith('AUTO_MODERATION_RULE')).length === 3);
  assert.deepEqual(
    events.filter((e) => e.t.startsWith('AUTO_MODERATION_RULE')).map((e) => [e.t, e.d.id]),
    [
      ['AUTO_MODERATION_RULE_CREATE', created.id],
      ['AUTO_MODERATION_RULE_UPDATE', created.id],
      ['AUTO_MODERATION_RULE_DELETE', created.id],
    ],
  );

  const limits: [Record<string, unknown>, (errors: Record<string, unknown>) => unknown][] = [
    [wordsRule(Array.from({ length: 1_001 }, (_, i) => `w${i}`)), (e) => (e.trigger_metadata as Record<string, unknown>).keyword_filter],
    [wordsRule(['ok', 'x'.repeat(61)]), (e) => (e.trigger_metadata as Record<string, Record<string, unknown>>).keyword_filter?.[1]],
    [wordsRule(['ok'], { exempt_roles: Array.from({ length: 21 }, (_, i) => `93000000000000${1000 + i}`) }), (e) => e.exempt_roles],
    [wordsRule(['ok'], { exempt_channels: Array.from({ length: 51 }, (_, i) => `93000000000000${1000 + i}`) }), (e) => e.exempt_channels],
    [wordsRule(['ok'], { actions: [{ type: AutoModerationActionType.BlockMessage, metadata: { custom_message: 'y'.repeat(151) } }] }), (e) => e.actions],
    [{ ...wordsRule([]), trigger_type: AutoModerationRuleTriggerType.MentionSpam, trigger_metadata: { mention_total_limit: 51 } }, (e) => (e.trigger_metadata as Record<string, unknown>).mention_total_limit],
  ];
  for (const [body, field] of limits) {
    const error = await refusal(rest.post(rules, { body }));
    assert.equal(error.code, 50035);
    assert.ok(field((error.rawError as { errors: Record<string, unknown> }).errors), JSON.stringify(error.rawError));
  }

  for (let i = 0; i < 6; i++) await rest.post(rules, { body: wordsRule([`w${i}`]) });
  const seventh = await refusal(rest.post(rules, { body: wordsRule(['w7']) }));
  assert.equal(seventh.code, 50035);
  assert.match(seventh.message, /AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED.*trigger type 1 is 6/);
  const mentions = { ...wordsRule([]), trigger_type: AutoModerationRuleTriggerType.MentionSpam, trigger_metadata: { mention_total_limit: 3 } };
  await rest.post(rules, { body: mentions });
  assert.match((await refusal(rest.post(rules, { body: mentions }))).message, /trigger type 5 is 1/);

  // Without Manage Server, every route is 403 50013.
  fake.updateRole(guild.id, '920000000000000001', { permissions: '0' });
  for (const attempt of [rest.get(rules), rest.post(rules, { body: wordsRule(['x']) })]) {
    const error = await refusal(attempt);
    assert.deepEqual([error.status, error.code], [403, 50013]);
  }
});

test('a matching message is blocked and each action reported once; exempt members, roles and channels pass', async (t) => {
  const fake = await startFake(t);
  const { owner, mod, member, guild, general, memes } = seed(fake);
  const rest = new REST({ api: fake.apiUrl }).setToken(token);
  const { events, until } = await connect(t, fake, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.AutoModerationExecution | GatewayIntentBits.MessageContent);
  const rules = Routes.guildAutoModerationRules(guild.id);
  const words = (await rest.post(rules, {
    body: wordsRule(['free nitro*'], {
      exempt_roles: ['920000000000000002'],
      exempt_channels: [memes],
      actions: [{ type: AutoModerationActionType.BlockMessage }, { type: AutoModerationActionType.SendAlertMessage, metadata: { channel_id: memes } }],
    }),
  })) as APIAutoModerationRule;
  const mentions = (await rest.post(rules, { body: { ...wordsRule([]), name: 'mentions', trigger_type: AutoModerationRuleTriggerType.MentionSpam, trigger_metadata: { mention_total_limit: 2 } } })) as APIAutoModerationRule;

  const blocked = () => fake.sendMessage({ channel_id: general, author: member, content: 'get FREE NITROS here' });
  assert.throws(blocked, (e: { status: number; body: { code: number } }) => e.status === 400 && e.body.code === 200000);
  assert.equal(fake.sentMessages.length, 0);
  const spam = `<@${owner.id}> <@${mod.id}> <@&920000000000000002> <@${owner.id}>`;
  assert.throws(() => fake.sendMessage({ channel_id: general, author: member, content: spam }));
  // Two unique mentions are within the limit; the exempt channel, an Administrator and the owner pass.
  const passed = [
    fake.sendMessage({ channel_id: general, author: member, content: `<@${owner.id}> <@${mod.id}> <@${owner.id}>` }),
    fake.sendMessage({ channel_id: memes, author: member, content: 'free nitro' }),
    fake.sendMessage({ channel_id: general, author: mod, content: 'free nitro' }),
    fake.sendMessage({ channel_id: general, author: owner, content: 'free nitro' }),
  ];
  fake.updateMember(guild.id, member.id, { roles: ['920000000000000002'] });
  passed.push(fake.sendMessage({ channel_id: general, author: member, content: 'free nitro' }));
  // An edit is checked too: refused, the message keeps its text.
  fake.updateMember(guild.id, member.id, { roles: [] });
  assert.throws(() => fake.editMessage(passed[0]?.id ?? '', 'now free nitro'));

  await until(() => events.filter((e) => e.t === GatewayDispatchEvents.AutoModerationActionExecution).length === 5);
  const executions = events.filter((e) => e.t === GatewayDispatchEvents.AutoModerationActionExecution).map((e) => e.d);
  assert.deepEqual(
    executions.map((d) => [d.rule_id, (d.action as { type: number }).type, d.matched_keyword, d.matched_content, d.message_id]),
    [
      [words.id, AutoModerationActionType.BlockMessage, 'free nitro*', 'FREE NITROS', undefined],
      [words.id, AutoModerationActionType.SendAlertMessage, 'free nitro*', 'FREE NITROS', undefined],
      [mentions.id, AutoModerationActionType.BlockMessage, null, null, undefined],
      // The blocked edit: a blocked message has no message_id, as Discord sends it.
      [words.id, AutoModerationActionType.BlockMessage, 'free nitro*', 'free nitro', undefined],
      [words.id, AutoModerationActionType.SendAlertMessage, 'free nitro*', 'free nitro', undefined],
    ],
  );
  assert.equal(executions[0]?.content, 'get FREE NITROS here');
  assert.equal(executions[0]?.user_id, member.id);
  assert.ok(executions[1]?.alert_system_message_id, 'the alert action posted its system message');
  const created = events.filter((e) => e.t === 'MESSAGE_CREATE').map((e) => e.d.id);
  assert.ok(passed.every((m) => created.includes(m.id)));
  assert.equal(fake.sentMessages.length, 0, 'no bot message');
  assert.equal(events.filter((e) => e.t === 'MESSAGE_UPDATE').length, 0, 'the blocked edit was never seen');
});

test('without MESSAGE_CONTENT an execution carries no content', async (t) => {
  const fake = await startFake(t);
  const { member, guild, general } = seed(fake);
  const rest = new REST({ api: fake.apiUrl }).setToken(token);
  const { events, until } = await connect(t, fake, GatewayIntentBits.Guilds | GatewayIntentBits.AutoModerationExecution);
  await rest.post(Routes.guildAutoModerationRules(guild.id), { body: wordsRule(['bad']) });
  assert.throws(() => fake.sendMessage({ channel_id: general, author: member, content: 'so bad' }));
  await until(() => events.some((e) => e.t === 'AUTO_MODERATION_ACTION_EXECUTION'));
  const execution = events.find((e) => e.t === 'AUTO_MODERATION_ACTION_EXECUTION')?.d;
  assert.deepEqual([execution?.content, execution?.matched_content, execution?.matched_keyword], ['', '', 'bad']);
});
