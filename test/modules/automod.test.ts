// The automod rules Concord enforces itself, end to end against the fake Discord and PostgreSQL:
// blocked patterns, invites to other servers, spam (once a burst), each deleting the message and
// making a case as `automod_action` says (a warning escalates); who and where automod leaves alone
// (bots, webhooks, exempt roles and channels, Manage Messages by role or channel overwrite,
// Administrator, the owner); a costly pattern set that cannot stall the bot; two guilds whose rules
// never touch each other; and the settings API refusing what cannot be run or synced.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type APIMessage, type APIUser, ChannelType, GatewayDispatchEvents, GatewayIntentBits, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { channelPermissions } from '../../src/modules/moderation/automod-exemptions.ts';
import { createInviteGuilds, findInviteCodes } from '../../src/modules/moderation/automod-invites.ts';
import { createSpamTracker } from '../../src/modules/moderation/automod-spam.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';
import type { FakeDiscord, FakeGuild } from '../support/fake-discord/index.ts';
import { onTeardown } from '../support/teardown.ts';

const ROLE = { mods: '920000000000000001', helper: '920000000000000002', trusted: '920000000000000003', admins: '920000000000000004', bot: '920000000000000005' };
const MOD = PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.KickMembers | PermissionFlagsBits.BanMembers | PermissionFlagsBits.ManageMessages;

interface CaseOut {
  number: number;
  action: string;
  user_id: string;
  rule: string | null;
  reason: string | null;
  duration_ms: number | null;
  channel_id: string | null;
}

interface AutomodWorld extends TestApp {
  fake: FakeDiscord;
  a: FakeGuild;
  b: FakeGuild;
  people: Record<'owner' | 'mod' | 'helper' | 'trusted' | 'admin' | 'bob' | 'carol' | 'dan' | 'robot', APIUser>;
  /** Changes the moderation settings of a guild from the version it has. */
  configure(guild: FakeGuild, settings: Record<string, unknown>): Promise<void>;
  cases(guild: FakeGuild): Promise<CaseOut[]>;
  /** Waits until the guild has `count` cases after its first `before`, and returns those. */
  newCases(guild: FakeGuild, before: number, count: number): Promise<CaseOut[]>;
  /** Whether the bot deleted this message (one DELETE, or in a bulk delete). */
  deleted(message: APIMessage): boolean;
  say(guild: FakeGuild, author: APIUser, content: string, options?: { channel?: string; at?: number }): APIMessage;
}

/** Two guilds, A and B, with the same people; in A a role ladder, an exempt role, a channel where Helpers have Manage Messages. */
async function startAutomodWorld(t: Pick<TestContext, 'after'>): Promise<AutomodWorld> {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake } = world;
  const names = ['owner', 'mod', 'helper', 'trusted', 'admin', 'bob', 'carol', 'dan'] as const;
  const people = { ...Object.fromEntries(names.map((name) => [name, fake.createUser({ username: name })])), robot: world.robot } as AutomodWorld['people'];
  const members = [
    { user: people.owner },
    { user: people.mod, roles: [ROLE.mods] },
    { user: people.helper, roles: [ROLE.helper] },
    { user: people.trusted, roles: [ROLE.trusted] },
    { user: people.admin, roles: [ROLE.admins] },
    { user: people.bob },
    { user: people.carol },
    { user: people.dan },
    { user: people.robot },
  ];
  const a = fake.addGuild({
    name: 'Guild A',
    owner_id: people.owner.id,
    channels: [{ name: 'general' }, { name: 'staff' }, { name: 'memes' }, { name: 'mod-log' }],
    roles: [
      { id: ROLE.helper, name: 'Helper', permissions: 0n },
      { id: ROLE.trusted, name: 'Trusted', permissions: 0n },
      { id: ROLE.mods, name: 'Mods', permissions: MOD },
      { id: ROLE.admins, name: 'Admins', permissions: PermissionFlagsBits.Administrator },
      { id: ROLE.bot, name: 'Concord', permissions: MOD },
    ],
    members,
    botRoles: [ROLE.bot],
  });
  // In #staff, Helpers may manage messages: an overwrite, not a role permission.
  const staff = a.channels[1];
  if (staff) staff.permission_overwrites = [{ id: ROLE.helper, type: OverwriteType.Role, allow: String(PermissionFlagsBits.ManageMessages), deny: '0' }];
  const botRoleB = '930000000000000005';
  const b = fake.addGuild({
    name: 'Guild B',
    owner_id: people.owner.id,
    channels: [{ name: 'lobby' }],
    roles: [{ id: botRoleB, name: 'Concord', permissions: MOD }],
    members: members.map((m) => ({ user: m.user })),
    botRoles: [botRoleB],
  });
  const app = await startTestApp(t, { bot: true, env: world.env });
  // The bot is connected once both guilds' commands are registered.
  await eventually(() => assert.ok(fake.commandOverwrites.some((o) => o.guild_id === null), 'the global commands are registered'), 10_000);
  const channelOf = (guild: FakeGuild) => guild.channels[0]?.id ?? '';
  const cases = async (guild: FakeGuild) => {
    const listed = await app.request('GET', `/api/guilds/${guild.id}/cases?limit=100`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    return (listed.body as { items: CaseOut[] }).items.toReversed();
  };
  return {
    ...app,
    fake,
    a,
    b,
    people,
    async configure(guild, settings) {
      const list = await app.request('GET', `/api/guilds/${guild.id}/modules`);
      const version = (list.body as { items: { name: string; version: number }[] }).items.find((m) => m.name === 'moderation')?.version ?? 0;
      const saved = await app.request('PATCH', `/api/guilds/${guild.id}/modules/moderation`, { version, settings });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
    },
    cases,
    async newCases(guild, before, count) {
      return eventually(async () => {
        const made = (await cases(guild)).slice(before);
        assert.equal(made.length, count, JSON.stringify(made.map((c) => [c.action, c.rule, c.reason])));
        return made;
      });
    },
    deleted(message) {
      return fake.requests.some(
        (r) =>
          (r.method === 'DELETE' && r.path === `/channels/${message.channel_id}/messages/${message.id}` && r.status === 204) ||
          (r.path === `/channels/${message.channel_id}/messages/bulk-delete` && ((r.body as { messages?: string[] }).messages ?? []).includes(message.id)),
      );
    },
    say(guild, author, content, { channel = channelOf(guild), at } = {}) {
      return fake.sendMessage({ channel_id: channel, author, content, ...(at === undefined ? {} : { at }) });
    },
  };
}

/** Waits until `condition` holds; `what` names it when it never does (assert.ok without a message parses the source, slowly). */
function until(condition: () => boolean, what: string): Promise<void> {
  return eventually(() => {
    if (!condition()) throw new Error(`still not: ${what}`);
  });
}

const OFF = { automod_blocked_patterns: null, automod_block_invites: false, automod_spam_messages: null, automod_action: 'delete', automod_exempt_role_ids: [], automod_exempt_channel_ids: [], escalation: [] };

test('automod rules Concord enforces', async (t) => {
  const w = await startAutomodWorld(t);
  const { fake, a, b, people } = w;
  const general = a.channels[0]?.id ?? '';

  await t.test('a blocked pattern: the message is deleted and the delete is a case naming the rule', async () => {
    await w.configure(a, { ...OFF, automod_blocked_patterns: 'free\\s+nitro\n\n  (?i)steam\\s*gift  ', log_channel_id: a.channels[3]?.id });
    const clean = w.say(a, people.bob, 'nitro is free on fridays?');
    const bad = w.say(a, people.bob, 'get FREE   Nitro here');
    const bad2 = w.say(a, people.carol, 'a Steam gift for you');
    await until(() => w.deleted(bad) && w.deleted(bad2), 'deleted(bad) && deleted(bad2)');
    assert.equal(w.deleted(clean), false);
    const cases = await w.newCases(a, 0, 2);
    assert.deepEqual(
      cases.map((c) => [c.action, c.user_id, c.rule, c.reason, c.channel_id]),
      [
        ['delete', people.bob.id, 'Automod: blocked pattern', 'matched `free\\s+nitro`', general],
        ['delete', people.carol.id, 'Automod: blocked pattern', 'matched `(?i)steam\\s*gift`', general],
      ],
    );
    // The delete carries the rule as its audit-log reason; the case is posted to the mod log.
    const request = fake.requests.find((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${bad.id}`));
    assert.equal(decodeURIComponent(String(request?.headers['x-audit-log-reason'])), 'Automod: blocked pattern');
    await fake.waitForMessage((m) => m.channel_id === a.channels[3]?.id && JSON.stringify(m.body.embeds).includes('Automod: blocked pattern'));
  });

  await t.test('an edit that slips a pattern into a message is caught too; an update that is no edit (a link preview) is not checked', async () => {
    const unfurled = w.say(a, people.carol, 'look at this');
    // As Discord sends a link preview: the message's text unchanged, no edit time; here its text is one a pattern blocks, and still it is not read.
    fake.dispatchEvent(a.id, GatewayDispatchEvents.MessageUpdate, { ...unfurled, content: 'free nitro', edited_timestamp: null }, GatewayIntentBits.GuildMessages);
    const message = w.say(a, people.dan, 'hello there');
    fake.editMessage(message.id, 'hello, free nitro');
    await until(() => w.deleted(message), 'the edited message deleted');
    assert.equal(w.deleted(unfurled), false);
    assert.equal((await w.newCases(a, 2, 1))[0]?.user_id, people.dan.id);
  });

  await t.test('invites to other servers, obfuscated ones too, are deleted; one to this server is not', async () => {
    await w.configure(a, { ...OFF, automod_block_invites: true, log_channel_id: null });
    const foreign = fake.createInvite(b.channels[0]?.id ?? '', 'AbCd123');
    const own = fake.createInvite(general, 'ownCode9');
    const before = (await w.cases(a)).length;
    const allowed = w.say(a, people.bob, `our server: https://discord.com/invite/${own}`);
    const plain = w.say(a, people.bob, `join https://discord.gg/${foreign} now`);
    const hidden = w.say(a, people.carol, `discord [.] gg / ${foreign}`);
    const dead = w.say(a, people.dan, 'discordapp.com/invite/nosuchcode');
    await until(() => w.deleted(plain) && w.deleted(hidden) && w.deleted(dead), 'deleted(plain) && deleted(hidden) && deleted(dead)');
    assert.equal(w.deleted(allowed), false);
    const made = await w.newCases(a, before, 3);
    assert.deepEqual(made.map((c) => [c.user_id, c.rule]).sort(), [
      [people.bob.id, 'Automod: invite'],
      [people.carol.id, 'Automod: invite'],
      [people.dan.id, 'Automod: invite'],
    ].sort());
    assert.ok(made.some((c) => c.reason === `an invite to another server (discord.gg/${foreign})`), 'the case names the invite');
  });

  await t.test('spam: a burst is one violation, its messages deleted; the next burst is another', async () => {
    await w.configure(a, { ...OFF, automod_spam_messages: 4, automod_spam_seconds: 5 });
    const before = (await w.cases(a)).length;
    const t0 = Date.now();
    // Four messages spread over 20 s are no burst.
    const calm = [0, 6, 12, 18].map((s) => w.say(a, people.carol, `calm ${s}`, { at: t0 - 30_000 + s * 1_000 }));
    // Four within 5 s are, across channels too; the burst's earlier ones go with the last.
    const burst = [0, 1, 2, 3].map((i) => w.say(a, people.bob, `buy ${i}`, { at: t0 + i * 500, channel: a.channels[i % 2 === 0 ? 0 : 2]?.id ?? '' }));
    await until(() => burst.every((m) => w.deleted(m)), 'the first burst deleted');
    // The flood goes on: three more are not yet a second burst, the fourth is.
    const more = [4, 5, 6].map((i) => w.say(a, people.bob, `buy ${i}`, { at: t0 + i * 500 }));
    const sentinel = w.say(a, people.bob, 'buy 7', { at: t0 + 3_500 });
    // The second burst is deleted with its last message.
    await until(() => [...more, sentinel].every((m) => w.deleted(m)), 'the second burst deleted');
    assert.equal(calm.some((m) => w.deleted(m)), false);
    const made = await w.newCases(a, before, 2);
    assert.deepEqual(
      made.map((c) => [c.user_id, c.rule, c.reason]),
      [
        [people.bob.id, 'Automod: spam', '4 messages within 5 seconds'],
        [people.bob.id, 'Automod: spam', '4 messages within 5 seconds'],
      ],
    );
  });

  await t.test('automod_action warn: each violation a warning, which escalates as the server says', async () => {
    await w.configure(a, { ...OFF, automod_blocked_patterns: 'scam\\.link', automod_action: 'warn', escalation: [{ warnings: 2, within_days: 1, action: 'timeout', minutes: 15 }] });
    const before = (await w.cases(a)).length;
    const first = w.say(a, people.dan, 'see scam.link');
    await until(() => w.deleted(first), 'deleted(first)');
    await w.newCases(a, before, 1);
    const second = w.say(a, people.dan, 'again scam.link');
    await until(() => w.deleted(second), 'deleted(second)');
    const made = await w.newCases(a, before, 3);
    assert.deepEqual(
      made.map((c) => [c.action, c.rule, c.duration_ms]),
      [
        ['warn', 'Automod: blocked pattern', null],
        ['warn', 'Automod: blocked pattern', null],
        ['timeout', 'Escalation: 2 warnings in 1 days', 15 * 60_000],
      ],
    );
    assert.ok(Date.parse(String(fake.member(a.id, people.dan.id)?.communication_disabled_until)) > Date.now(), 'the member is timed out');
  });

  await t.test('automod_action timeout: the member is timed out for automod_timeout_minutes', async () => {
    await w.configure(a, { ...OFF, automod_blocked_patterns: 'scam\\.link', automod_action: 'timeout', automod_timeout_minutes: 7 });
    const before = (await w.cases(a)).length;
    const message = w.say(a, people.carol, 'scam.link!!');
    await until(() => w.deleted(message), 'deleted(message)');
    const made = await w.newCases(a, before, 1);
    assert.deepEqual(made.map((c) => [c.action, c.user_id, c.rule, c.duration_ms]), [['timeout', people.carol.id, 'Automod: blocked pattern', 7 * 60_000]]);
    const timedOutUntil = Date.parse(String(fake.member(a.id, people.carol.id)?.communication_disabled_until));
    assert.ok(timedOutUntil > Date.now() + 6 * 60_000 && timedOutUntil <= Date.now() + 7 * 60_000, 'timed out for 7 minutes');
  });

  await t.test('left alone: bots, webhooks, exempt roles, channels and categories, Manage Messages (by role or overwrite), Administrator, the owner', async () => {
    const memes = a.channels[2]?.id ?? '';
    const staff = a.channels[1]?.id ?? '';
    // A category left alone, and a channel in it (CHANNEL_CREATE: automod reads the channels again).
    const category = fake.addChannel(a.id, { name: 'Chill' });
    (category as { type: ChannelType }).type = ChannelType.GuildCategory;
    const chill = category.id;
    const offtopic = fake.addChannel(a.id, { name: 'offtopic' });
    offtopic.parent_id = chill;
    await w.configure(a, { ...OFF, automod_blocked_patterns: 'forbidden', automod_exempt_role_ids: [ROLE.trusted], automod_exempt_channel_ids: [memes, chill] });
    const before = (await w.cases(a)).length;
    const untouched = [
      w.say(a, people.robot, 'forbidden, says a bot'),
      w.say(a, people.trusted, 'forbidden, says the trusted'),
      w.say(a, people.bob, 'forbidden in memes', { channel: memes }),
      w.say(a, people.bob, 'forbidden in a channel of an exempt category', { channel: offtopic.id }),
      w.say(a, people.mod, 'forbidden, says a mod'),
      w.say(a, people.admin, 'forbidden, says an admin'),
      w.say(a, people.owner, 'forbidden, says the owner'),
      w.say(a, people.helper, 'forbidden in staff, where helpers manage messages', { channel: staff }),
    ];
    const webhook: APIMessage = { ...untouched[0], id: `${BigInt(untouched[0]?.id ?? '0') + 1n}`, webhook_id: '940000000000000001', author: { ...people.bob, bot: false }, content: 'forbidden, says a webhook' } as APIMessage;
    fake.dispatchEvent(a.id, GatewayDispatchEvents.MessageCreate, { ...webhook, guild_id: a.id }, GatewayIntentBits.GuildMessages);
    // Outside #staff the helper is an ordinary member.
    const acted = w.say(a, people.helper, 'forbidden in general');
    await until(() => w.deleted(acted), 'deleted(acted)');
    assert.deepEqual(untouched.filter((m) => w.deleted(m)).map((m) => m.content), []);
    assert.equal(fake.requests.some((r) => r.path.endsWith(`/messages/${webhook.id}`)), false);
    assert.deepEqual((await w.newCases(a, before, 1)).map((c) => c.user_id), [people.helper.id]);
  });

  await t.test('guild isolation: each guild’s rules act only on its own messages', async () => {
    await w.configure(a, { ...OFF, automod_blocked_patterns: 'apple' });
    await w.configure(b, { ...OFF, automod_blocked_patterns: 'banana', automod_block_invites: true });
    const beforeA = (await w.cases(a)).length;
    const inA = w.say(a, people.bob, 'banana split and discord.gg/abcdef');
    const inB = w.say(b, people.bob, 'apple pie');
    const hitA = w.say(a, people.carol, 'an apple a day');
    const hitB = w.say(b, people.carol, 'banana bread');
    await until(() => w.deleted(hitA) && w.deleted(hitB), 'deleted(hitA) && deleted(hitB)');
    assert.equal(w.deleted(inA), false);
    assert.equal(w.deleted(inB), false);
    assert.deepEqual((await w.newCases(a, beforeA, 1)).map((c) => [c.user_id, c.reason]), [[people.carol.id, 'matched `apple`']]);
    assert.deepEqual((await w.newCases(b, 0, 1)).map((c) => [c.user_id, c.reason]), [[people.carol.id, 'matched `banana`']]);
  });

  await t.test('a guild with no Concord rule: its messages cost Discord nothing, spam and invites included', async () => {
    await w.configure(b, OFF);
    const before = fake.requests.length;
    for (let i = 0; i < 10; i++) w.say(b, people.dan, `banana discord.gg/abc${i}`);
    const ping = w.say(b, people.bob, '!ping');
    await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === ping.id);
    // The reply is the only request (recorded once its answer is sent).
    const reply = `POST /channels/${b.channels[0]?.id}/messages`;
    await until(() => fake.requests.slice(before).some((r) => `${r.method} ${r.path}` === reply), 'the reply recorded');
    assert.deepEqual(
      fake.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      [reply],
    );
  });

  await t.test('a costly pattern set cannot stall the bot: !ping is still answered', async () => {
    // Within the limits, as large as they allow: RE2 is linear in the text, and the worker has a deadline.
    const costly = Array.from({ length: 5 }, (_, i) => `((.{10}){3}){3}z${i}`).join('\n');
    await w.configure(b, { ...OFF, automod_blocked_patterns: `${costly}\n(a+)+$\n(a|aa)*b\n(x+x+)+y` });
    for (let i = 0; i < 30; i++) w.say(b, people.dan, `${'a'.repeat(1_000)}${'x'.repeat(900)}${i}!`);
    const ping = w.say(b, people.bob, '!ping');
    const reply = await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === ping.id, { timeout: 5_000 });
    assert.match(String(reply.body.content), /pong/i);
  });

  await t.test('the settings API refuses patterns RE2 cannot run or that cost too much, and words Discord would refuse, naming the line', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ automod_blocked_patterns: 'fine\n(unclosed' }, 'settings.automod_blocked_patterns', /^line 2: the pattern is not a valid RE2 regular expression/],
      [{ automod_blocked_patterns: 'a(?=b)' }, 'settings.automod_blocked_patterns', /^line 1: .*not a valid RE2/],
      [{ automod_blocked_patterns: `ok\n${'x'.repeat(261)}` }, 'settings.automod_blocked_patterns', /^line 2: the pattern is 261 characters, at most 260/],
      [{ automod_blocked_patterns: Array.from({ length: 21 }, (_, i) => `p${i}`).join('\n') }, 'settings.automod_blocked_patterns', /^line 21: at most 20 patterns/],
      [{ automod_blocked_patterns: 'a.{300}z' }, 'settings.automod_blocked_patterns', /^line 1: the pattern is too costly to match/],
      [{ automod_blocked_words: `ok\n${'w'.repeat(61)}` }, 'settings.automod_blocked_words', /^line 2: .* is 61 characters, Discord allows at most 60/],
      [{ automod_blocked_words: Array.from({ length: 1_001 }, (_, i) => `w${i}`).join('\n') }, 'settings.automod_blocked_words', /^line 1001: at most 1000 words/],
    ];
    for (const [settings, field, message] of cases) {
      const list = await w.request('GET', `/api/guilds/${a.id}/modules`);
      const version = (list.body as { items: { name: string; version: number }[] }).items.find((m) => m.name === 'moderation')?.version ?? 0;
      const response = await w.request('PATCH', `/api/guilds/${a.id}/modules/moderation`, { version, settings });
      assert.equal(response.status, 422, JSON.stringify(settings).slice(0, 80));
      assert.match(String(response.headers.get('content-type')), /application\/problem\+json/);
      const fields = (response.body as { errors: { field: string; message: string }[] }).errors;
      assert.equal(fields[0]?.field, field);
      assert.match(fields[0]?.message ?? '', message);
    }
    // 1,000 words of 60 characters, 20 patterns: accepted.
    await w.configure(a, { automod_blocked_words: Array.from({ length: 1_000 }, (_, i) => `${i}`.padEnd(60, 'w')).join('\n'), automod_blocked_patterns: Array.from({ length: 20 }, (_, i) => `word${i}\\b`).join('\n') });
  });
});

test('invite codes are found through the usual disguises, and ordinary links are not invites', () => {
  const table: [string, string[]][] = [
    ['discord.gg/abc123', ['abc123']],
    ['https://DISCORD.GG/AbC123 and discord.gg/AbC123', ['AbC123']],
    ['discord.com/invite/xyz-9', ['xyz-9']],
    ['https://discordapp.com/invite/Code', ['Code']],
    ['discord . gg / spaced', ['spaced']],
    ['discord[.]gg/bracket', ['bracket']],
    ['discord(dot)gg/dotted', ['dotted']],
    ['discord dot gg/wordy', ['wordy']],
    ['disc\u200bord.gg/zerowidth', ['zerowidth']],
    ['**discord**.gg/bold', ['bold']],
    ['discord\\.gg/escaped', ['escaped']],
    ['ｄｉｓｃｏｒｄ．ｇｇ/fullwidth', ['fullwidth']],
    ['||discord.gg/spoiler||', ['spoiler']],
    ['discord.gg/one discord.com/invite/two', ['one', 'two']],
    ['I like discord, gg everyone', []],
    ['https://discord.com/channels/1/2', []],
    ['https://example.com/invite/abc', []],
    ['discord.gg', []],
  ];
  for (const [text, codes] of table) assert.deepEqual(findInviteCodes(text), codes, text);
});

test('an invite code is asked of Discord once at a time and remembered; a failure is asked again', async () => {
  const asked: string[] = [];
  let failing = true;
  const discord = {
    invites: {
      get: async (code: string) => {
        asked.push(code);
        await new Promise((resolve) => setImmediate(resolve));
        if (code === 'flaky' && failing) throw new Error('Discord is down');
        if (code === 'gone') throw new DiscordAPIError({ code: 10006, message: 'Unknown Invite' }, 10006, 404, 'GET', '/invites/gone', {});
        return { guild: { id: 'g1' } };
      },
    },
  } as unknown as API;
  const invites = createInviteGuilds();
  const raid = await Promise.all(Array.from({ length: 50 }, () => invites.guildOf(discord, 'raid')));
  assert.deepEqual(new Set(raid), new Set(['g1']));
  assert.equal(await invites.guildOf(discord, 'gone'), null);
  assert.equal(await invites.guildOf(discord, 'gone'), null);
  assert.equal(await invites.guildOf(discord, 'flaky'), undefined);
  failing = false;
  assert.equal(await invites.guildOf(discord, 'flaky'), 'g1');
  assert.deepEqual(asked, ['raid', 'gone', 'flaky', 'flaky']);
});

test('permissions in a channel: the overwrites in Discord’s order, Administrator above them', () => {
  const guild = '1';
  const roles = [
    { id: guild, permissions: String(PermissionFlagsBits.ViewChannel) },
    { id: '2', permissions: String(PermissionFlagsBits.ManageMessages) },
    { id: '3', permissions: String(PermissionFlagsBits.Administrator) },
    { id: '4', permissions: '0' },
  ];
  const manage = (roleIds: string[], overwrites: Parameters<typeof channelPermissions>[4], userId = '9') =>
    (channelPermissions(guild, userId, roleIds, roles, overwrites) & PermissionFlagsBits.ManageMessages) !== 0n;
  const mm = String(PermissionFlagsBits.ManageMessages);
  assert.equal(manage(['2'], []), true);
  assert.equal(manage(['2'], [{ id: '2', type: OverwriteType.Role, allow: '0', deny: mm }]), false, 'a role overwrite denies');
  assert.equal(manage(['2', '4'], [{ id: '2', type: OverwriteType.Role, allow: '0', deny: mm }, { id: '4', type: OverwriteType.Role, allow: mm, deny: '0' }]), true, 'an allow of another role wins over a deny');
  assert.equal(manage([], [{ id: '4', type: OverwriteType.Role, allow: mm, deny: '0' }]), false, 'a role the member lacks');
  assert.equal(manage(['2'], [{ id: '9', type: OverwriteType.Member, allow: '0', deny: mm }]), false, 'the member overwrite last');
  assert.equal(manage(['4'], [{ id: guild, type: OverwriteType.Role, allow: mm, deny: '0' }]), true, '@everyone allowed it here');
  assert.equal(manage(['3'], [{ id: '3', type: OverwriteType.Role, allow: '0', deny: mm }]), true, 'Administrator is above overwrites');
});

test('spam counts are bounded: a member’s messages within the window, a guild’s quietest member forgotten past the cap', () => {
  const tracker = createSpamTracker({ maxMembersPerGuild: 3 });
  const limit = { messages: 3, seconds: 5 };
  const at = 1_000_000;
  assert.equal(tracker.record('g', 'u1', { id: '1', channelId: 'c', at }, limit), undefined);
  assert.equal(tracker.record('g', 'u1', { id: '2', channelId: 'c', at: at + 6_000 }, limit), undefined, 'the first fell out of the window');
  assert.equal(tracker.record('g', 'u1', { id: '3', channelId: 'c', at: at + 7_000 }, limit), undefined);
  assert.deepEqual(tracker.record('g', 'u1', { id: '4', channelId: 'c', at: at + 8_000 }, limit)?.map((m) => m.id), ['2', '3', '4']);
  assert.equal(tracker.record('g', 'u1', { id: '5', channelId: 'c', at: at + 8_100 }, limit), undefined, 'after a burst the member starts afresh');
  for (const user of ['u2', 'u3', 'u4', 'u5']) tracker.record('g', user, { id: user, channelId: 'c', at }, limit);
  assert.equal(tracker.size('g'), 3);
  assert.equal(tracker.size('other'), 0);
});
