// The moderation module end to end, against the fake Discord and PostgreSQL: each command with its
// permission and hierarchy refusals (nothing sent to Discord when refused), the Discord actions with
// "Case N: reason" in the audit log, the mod log and /reason, DMs before kicks and bans, case
// numbers without gap or duplicate under parallel actions from several connections, temporary bans
// ending once across a restart, and /purge.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { type APIApplicationCommandInteractionDataOption, type APIUser, ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import postgres from 'postgres';
import { insertCase } from '../../src/modules/moderation/cases.ts';
import type { Sql } from '../../src/platform/db/connect.ts';
import { startTestApp, TEST_TOKEN, type TestApp, type TestResponse } from '../support/app.ts';
import { type BotWorld, startFakeWorld } from '../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';
import type { FakeGuild, RecordedRequest } from '../support/fake-discord/index.ts';
import { onTeardown } from '../support/teardown.ts';

// Manage Server too: the dashboard lets in those who have it.
const MOD = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.KickMembers | PermissionFlagsBits.BanMembers | PermissionFlagsBits.ManageMessages;

interface ModWorld extends BotWorld, TestApp {
  server: FakeGuild;
  general: string;
  logChannel: string;
  people: Record<'owner' | 'mod' | 'mod2' | 'senior' | 'helper' | 'bob' | 'carol' | 'dan' | 'vip', APIUser>;
  /** Runs a slash command in #general; the reply's text and whether only the invoker sees it. */
  slash(user: APIUser, name: string, options?: Record<string, string | number>): Promise<{ content: string; ephemeral: boolean }>;
  /** Posts `content` in #general as `author`; the bot's reply to it. */
  sayIn(content: string, author: APIUser): Promise<string>;
}

/** A server with a role ladder: Helper (1) < Mods (2) < Senior (3) < Concord, the bot (4) < Top (5). */
async function startModWorld(t: Pick<TestContext, 'after'>, existing?: { db: TestApp['db']; world: BotWorld & { server: FakeGuild } }): Promise<ModWorld> {
  const world = existing?.world ?? (await startFakeWorld());
  if (!existing) onTeardown(t, () => world.fake.close());
  const { fake } = world;
  const names = ['owner', 'mod', 'mod2', 'senior', 'helper', 'bob', 'carol', 'dan', 'vip'] as const;
  const people =
    existing && 'people' in existing.world
      ? (existing.world as unknown as ModWorld).people
      : (Object.fromEntries(names.map((name) => [name, fake.createUser({ username: name })])) as ModWorld['people']);
  const server =
    existing?.world.server ??
    fake.addGuild({
      name: 'Moderated',
      owner_id: people.owner.id,
      channels: [{ name: 'general' }, { name: 'mod-log' }],
      roles: [
        { id: '910000000000000001', name: 'Helper', permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ModerateMembers },
        { id: '910000000000000002', name: 'Mods', permissions: MOD },
        { id: '910000000000000003', name: 'Senior', permissions: MOD },
        { id: '910000000000000004', name: 'Concord', permissions: MOD },
        { id: '910000000000000005', name: 'Top', permissions: 0n },
      ],
      members: [
        { user: people.owner },
        { user: people.mod, roles: ['910000000000000002'] },
        { user: people.mod2, roles: ['910000000000000002'] },
        { user: people.senior, roles: ['910000000000000003'] },
        { user: people.helper, roles: ['910000000000000001'] },
        { user: people.bob },
        { user: people.carol },
        { user: people.dan },
        { user: people.vip, roles: ['910000000000000005'] },
      ],
      botRoles: ['910000000000000004'],
    });
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(fake) }, ...(existing ? { db: existing.db } : {}) });
  const general = server.channels[0]?.id ?? '';
  const logChannel = server.channels[1]?.id ?? '';
  const result: ModWorld = {
    ...world,
    ...app,
    server,
    general,
    logChannel,
    people,
    async sayIn(content, author) {
      const message = fake.sendMessage({ channel_id: general, author, content });
      const reply = await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === message.id);
      return String(reply.body.content);
    },
    async slash(user, name, options = {}) {
      const list: APIApplicationCommandInteractionDataOption[] = Object.entries(options).map(([key, value]) =>
        key === 'user'
          ? { type: ApplicationCommandOptionType.User, name: key, value: String(value) }
          : typeof value === 'number'
            ? { type: ApplicationCommandOptionType.Integer, name: key, value }
            : { type: ApplicationCommandOptionType.String, name: key, value },
      );
      const interaction = fake.sendInteraction({ channel_id: general, guild_id: server.id, user, name, options: list } as never);
      const reply = await fake.waitForInteractionReply(interaction.id);
      const data = reply.body.data as { content: string; flags?: number };
      return { content: data.content, ephemeral: ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0 };
    },
  };
  return result;
}

/** The requests that moderate: bans, kicks, member edits, bulk deletes. */
function actions(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => /\/bans\/|\/members\/\d+$|bulk-delete/.test(r.path) && r.method !== 'GET');
}

function auditReason(request: RecordedRequest | undefined): string | null {
  const header = request?.headers['x-audit-log-reason'];
  return typeof header === 'string' ? decodeURIComponent(header) : null;
}

test('moderation commands', async (t) => {
  const w = await startModWorld(t);
  const { fake, people, server } = w;
  const saved = await w.request('PATCH', `/api/guilds/${server.id}/modules/moderation`, { version: 0, settings: { log_channel_id: w.logChannel } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  await t.test('each command needs its permission: refused in a sentence only the invoker sees', async () => {
    const before = fake.requests.length;
    const refusals: [APIUser, string, Record<string, string | number>, string][] = [
      [people.bob, 'warn', { user: people.carol.id }, 'Moderate Members'],
      [people.bob, 'timeout', { user: people.carol.id, duration: '10m' }, 'Moderate Members'],
      [people.bob, 'untimeout', { user: people.carol.id }, 'Moderate Members'],
      [people.helper, 'kick', { user: people.carol.id }, 'Kick Members'],
      [people.helper, 'ban', { user: people.carol.id }, 'Ban Members'],
      [people.helper, 'unban', { user: people.carol.id }, 'Ban Members'],
      [people.helper, 'purge', { count: 5 }, 'Manage Messages'],
      [people.bob, 'case', { number: 1 }, 'Moderate Members'],
      [people.bob, 'reason', { number: 1, reason: 'x' }, 'Moderate Members'],
      [people.bob, 'cases', { user: people.carol.id }, 'Moderate Members'],
    ];
    for (const [user, name, options, permission] of refusals) {
      const reply = await w.slash(user, name, options);
      assert.equal(reply.content, `You need the ${permission} permission for that.`, name);
      assert.equal(reply.ephemeral, true, name);
    }
    // The `!` form carries no permissions from Discord: checked guild-wide by the module.
    assert.equal(await w.sayIn(`!kick <@${people.carol.id}> spam`, people.helper), 'You need the Kick Members permission for that.');
    assert.deepEqual(actions(fake.requests.slice(before)), []);
  });

  await t.test('the slash commands carry their permission as default_member_permissions', async () => {
    const registered = fake.commandOverwrites.at(-1)?.commands as { name: string; default_member_permissions: string | null }[];
    const byName = Object.fromEntries(registered.map((c) => [c.name, c.default_member_permissions]));
    assert.equal(byName.ban, String(PermissionFlagsBits.BanMembers));
    assert.equal(byName.kick, String(PermissionFlagsBits.KickMembers));
    assert.equal(byName.timeout, String(PermissionFlagsBits.ModerateMembers));
    assert.equal(byName.purge, String(PermissionFlagsBits.ManageMessages));
  });

  await t.test('hierarchy: refused before anything is sent, each with its sentence', async () => {
    const before = fake.requests.length;
    const cases: [APIUser, string, Record<string, string>, string][] = [
      [people.mod, 'ban', { user: people.owner.id }, "You can't ban the server owner."],
      [people.mod, 'warn', { user: people.mod.id }, "You can't warn yourself."],
      [people.mod, 'kick', { user: fake.botUser.id }, "I can't kick myself."],
      [people.mod, 'ban', { user: people.senior.id }, `<@${people.senior.id}>'s highest role is at or above yours, so you can't ban them.`],
      [people.mod, 'timeout', { user: people.mod2.id, duration: '1h' }, `<@${people.mod2.id}>'s highest role is at or above yours, so you can't time out them.`],
      [people.owner, 'ban', { user: people.vip.id }, `My highest role is not above <@${people.vip.id}>'s, so Discord won't let me ban them.`],
      [people.mod, 'timeout', { user: people.carol.id, duration: 'soon' }, '`soon` is not a duration: use e.g. `10m`, `2h` or `7d`.'],
      [people.mod, 'timeout', { user: people.carol.id, duration: '30d' }, 'A timeout lasts at most 28 days.'],
    ];
    for (const [user, name, options, sentence] of cases) {
      const reply = await w.slash(user, name, options);
      assert.equal(reply.content, sentence, `${name} ${JSON.stringify(options)}`);
      assert.equal(reply.ephemeral, true);
    }
    // The owner outranks everyone: only the bot's own role stops them (above).
    assert.deepEqual(actions(fake.requests.slice(before)), []);
    const cases2 = await w.db.sql.unsafe(`select count(*)::int as n from ${w.db.schema}_mod_moderation.cases`);
    assert.equal(cases2[0]?.n, 0, 'a refusal makes no case');
  });

  await t.test('warn, timeout, untimeout, kick, ban, unban: each a case, its audit-log reason "Case N: reason", posted to the mod log', async () => {
    fake.closedDms.add(people.dan.id);
    const steps: [string, Record<string, string>, string, RegExp | null][] = [
      ['warn', { user: people.carol.id, reason: 'rude' }, `Case 1: <@${people.carol.id}> was warned (rude).`, null],
      ['timeout', { user: people.carol.id, duration: '10m', reason: 'spam' }, `Case 2: <@${people.carol.id}> was timed out for 10m (spam).`, /^\/guilds\/\d+\/members\/\d+$/],
      ['untimeout', { user: people.carol.id, reason: 'calm now' }, `Case 3: <@${people.carol.id}>'s timeout was lifted (calm now).`, /^\/guilds\/\d+\/members\/\d+$/],
      ['kick', { user: people.bob.id, reason: 'trolling' }, `Case 4: <@${people.bob.id}> was kicked (trolling).`, /^\/guilds\/\d+\/members\/\d+$/],
      ['ban', { user: people.dan.id, duration: '7d', reason: 'raids' }, `Case 5: <@${people.dan.id}> was banned for 7d (raids).`, /\/bans\//],
      ['unban', { user: people.dan.id, reason: 'appeal' }, `Case 6: <@${people.dan.id}> was unbanned (appeal).`, /\/bans\//],
    ];
    for (const [name, options, sentence, path] of steps) {
      const before = fake.requests.length;
      const reply = await w.slash(people.mod, name, options);
      assert.equal(reply.content, sentence);
      assert.equal(reply.ephemeral, false);
      const number = /^Case (\d+)/.exec(sentence)?.[1];
      const sent = actions(fake.requests.slice(before));
      if (path) {
        assert.equal(sent.length, 1, name);
        assert.match(sent[0]?.path ?? '', path);
        assert.equal(auditReason(sent[0]), `Case ${number}: ${options.reason}`);
      } else assert.deepEqual(sent, []);
      const posted = await fake.waitForMessage((m) => m.channel_id === w.logChannel && (m.body.embeds as { title: string }[] | undefined)?.[0]?.title.startsWith(`Case ${number} `) === true);
      const embed = (posted.body.embeds as { fields: { name: string; value: string }[] }[])[0];
      assert.equal(embed?.fields.find((f) => f.name === 'Reason')?.value, options.reason);
      assert.equal(embed?.fields.find((f) => f.name === 'Moderator')?.value, `<@${people.mod.id}>`);
      assert.deepEqual(posted.body.allowed_mentions, { parse: [] });
    }
    const member = server.members.find((m) => m.user.id === people.carol.id);
    assert.equal(member?.communication_disabled_until, null, 'the timeout was lifted');
    assert.ok(!server.members.some((m) => m.user.id === people.bob.id), 'bob was kicked');
    // Bob was told before the kick; Dan's DMs are closed, so the ban went ahead without one.
    const dm = fake.sentMessages.find((m) => m.channel_id === fake.dmChannelFor(people.bob.id).id);
    assert.match(String(dm?.body.content), /^You were kicked from \*\*Moderated\*\*\. Reason: trolling$/);
    const kickAt = fake.requests.findIndex((r) => r.method === 'DELETE' && r.path.endsWith(`/members/${people.bob.id}`));
    const dmAt = fake.requests.findIndex((r) => r.method === 'POST' && r.path === `/channels/${fake.dmChannelFor(people.bob.id).id}/messages`);
    assert.ok(dmAt >= 0 && dmAt < kickAt, 'the DM went before the kick');
    assert.equal(server.bans.has(people.dan.id), false);
    const pending = await w.db.sql.unsafe(`select status from ${w.db.schema}_mod_moderation.expiries where user_id = '${people.dan.id}'`);
    assert.deepEqual(
      pending.map((r) => r.status),
      ['cancelled'],
      'the unban by hand cancelled the temporary ban’s end',
    );
  });

  await t.test('the ! forms act too; a ban without a duration reads the rest as its reason', async () => {
    const reply = await w.sayIn(`!ban <@${people.carol.id}> spamming links`, people.mod);
    assert.equal(reply, `Case 7: <@${people.carol.id}> was banned (spamming links).`);
    assert.equal(server.bans.get(people.carol.id)?.reason, 'Case 7: spamming links');
    assert.equal(await w.sayIn(`!unban ${people.carol.id}`, people.mod), `Case 8: <@${people.carol.id}> was unbanned.`);
    assert.equal(await w.sayIn(`!unban ${people.carol.id}`, people.mod), `<@${people.carol.id}> is not banned.`);
  });

  await t.test('/case shows one, /cases a member’s history, /reason changes it and edits the mod-log post', async () => {
    assert.match((await w.slash(people.mod, 'case', { number: 2 })).content, /^\*\*#2\*\* Timeout \(10m\) <@\d+> by <@\d+>, <t:\d+:R>: spam$/);
    assert.equal((await w.slash(people.mod, 'case', { number: 99 })).content, 'There is no case 99.');
    const history = (await w.slash(people.mod, 'cases', { user: people.carol.id })).content.split('\n');
    assert.equal(history[0], `Cases of <@${people.carol.id}>:`);
    assert.deepEqual(
      history.slice(1).map((line) => /^\*\*#(\d+)\*\*/.exec(line)?.[1]),
      ['8', '7', '3', '2', '1'],
    );
    const edited = await w.slash(people.mod, 'reason', { number: 2, reason: 'spam in #general' });
    assert.equal(edited.content, "Case 2's reason is now: spam in #general");
    const post = fake.sentMessages.find((m) => m.channel_id === w.logChannel && (m.body.embeds as { title: string }[])[0]?.title.startsWith('Case 2 '));
    const edit = fake.requests.find((r) => r.method === 'PATCH' && r.path === `/channels/${w.logChannel}/messages/${post?.message.id}`);
    const fields = (edit?.body as { embeds?: { fields: { name: string; value: string }[] }[] } | undefined)?.embeds?.[0]?.fields;
    assert.equal(fields?.find((f) => f.name === 'Reason')?.value, 'spam in #general');
  });

  await t.test('parallel actions from Discord get distinct numbers without gaps', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => w.slash(people.mod, 'warn', { user: people.helper.id, reason: `burst ${i}` })));
    const numbers = replies.map((r) => Number(/^Case (\d+)/.exec(r.content)?.[1])).sort((a, b) => a - b);
    assert.deepEqual(numbers, [9, 10, 11, 12, 13, 14, 15, 16]);
  });

  await t.test('/purge: one bulk delete of the matching recent messages, older ones said skipped, one case', async () => {
    const old = Date.now() - 20 * 86_400_000;
    const stale = fake.sendMessage({ channel_id: w.general, author: people.helper, content: 'ancient junk', at: old });
    const mine = [1, 2, 3].map((i) => fake.sendMessage({ channel_id: w.general, author: people.helper, content: `junk ${i}` }));
    const kept = fake.sendMessage({ channel_id: w.general, author: people.senior, content: 'junk, says the senior' });
    const before = fake.requests.length;
    const reply = await w.slash(people.mod, 'purge', { count: 10, user: people.helper.id, contains: 'JUNK' });
    assert.equal(reply.content, `Case 17: 3 messages were deleted. 1 older than 14 days was skipped: Discord does not bulk-delete those.`);
    const bulk = fake.requests.slice(before).filter((r) => r.path.endsWith('/bulk-delete'));
    assert.equal(bulk.length, 1);
    const ids = (bulk[0]?.body as { messages?: string[] } | undefined)?.messages ?? [];
    assert.deepEqual([...ids].sort(), mine.map((m) => m.id).sort());
    assert.equal(auditReason(bulk[0]), 'Case 17: no reason given');
    assert.ok(![stale.id, kept.id].some((id) => ids.includes(id)), 'the old and the unmatched stay');
    const rows = await w.db.sql.unsafe(`select action, channel_id, message_count from ${w.db.schema}_mod_moderation.cases where number = 17`);
    assert.deepEqual([...rows], [{ action: 'purge', channel_id: w.general, message_count: 3 }]);
  });
});

test('case numbers: no gap and no duplicate under parallel transactions from separate connection pools, rolled-back ones giving theirs back', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { db } = await startTestApp(t, { env: world.env });
  const schema = `${db.schema}_mod_moderation`;
  // Two pools stand for two processes: each its own connections, in parallel.
  const pools = [0, 1].map(() => {
    const url = new URL(db.url);
    url.searchParams.set('search_path', `${schema},${db.schema}`);
    return postgres(url.toString(), { max: 8, onnotice: () => {} });
  });
  onTeardown(t, () => Promise.all(pools.map((pool) => pool.end({ timeout: 5 }))));
  const guildId = '930000000000000001';
  const attempts = Array.from({ length: 48 }, (_, i) => i);
  const outcomes = await Promise.allSettled(
    attempts.map((i) =>
      (pools[i % 2] as unknown as Sql).begin(async (tx) => {
        const c = await insertCase(tx as unknown as Sql, { guildId, action: 'warn', userId: '930000000000000002', moderatorId: null, reason: `n${i}` });
        await tx`select pg_sleep(${(i % 5) / 500})`;
        // Every third action is refused by Discord after its number was taken: it rolls back.
        if (i % 3 === 0) throw new Error('refused');
        return c.number;
      }),
    ),
  );
  const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
  assert.equal(committed, 32);
  const rows = await db.sql.unsafe(`select number from ${schema}.cases where guild_id = '${guildId}' order by number`);
  assert.deepEqual(
    rows.map((r) => r.number),
    Array.from({ length: committed }, (_, i) => i + 1),
  );
  // Another guild counts from 1.
  const other = await insertCase(pools[0] as unknown as Sql, { guildId: '930000000000000009', action: 'warn', userId: '930000000000000002', moderatorId: null, reason: null });
  assert.equal(other.number, 1);
});

test('a temporary ban ends once, across a restart and two processes', async (t) => {
  const first = await startModWorld(t);
  const { fake, people, server } = first;
  const reply = await first.slash(people.mod, 'ban', { user: people.carol.id, duration: '2h', reason: 'cool off' });
  assert.equal(reply.content, `Case 1: <@${people.carol.id}> was banned for 2h (cool off).`);
  assert.ok(server.bans.has(people.carol.id));
  await first.app.stop();
  // Two hours pass while Concord is down.
  await first.db.sql.unsafe(`update ${first.db.schema}_mod_moderation.expiries set due_at = now() - interval '1 minute'`);
  const world = { ...first, server } as BotWorld & { server: FakeGuild };
  const restarted = await Promise.all([startModWorld(t, { db: first.db, world }), startModWorld(t, { db: first.db, world })]);
  await eventually(() => assert.equal(server.bans.has(people.carol.id), false), 10_000);
  await eventually(async () => {
    const rows = await first.db.sql.unsafe(`select status from ${first.db.schema}_mod_moderation.expiries`);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['done'],
    );
  });
  const unbans = fake.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/bans/${people.carol.id}`));
  assert.equal(unbans.length, 1, 'one unban across both processes');
  assert.equal(auditReason(unbans[0]), 'Case 2: The temporary ban of case 1 ended.');
  const cases = await first.db.sql.unsafe(`select number, action, rule from ${first.db.schema}_mod_moderation.cases order by number`);
  assert.deepEqual([...cases], [
    { number: 1, action: 'ban', rule: null },
    { number: 2, action: 'unban', rule: 'Temporary ban ended' },
  ]);
  assert.equal(restarted.length, 2);
});

test('cases over the API: the dashboard acts with the caller’s own Discord permissions; list, filter, page, read, change', async (t) => {
  const w = await startModWorld(t);
  const { fake, people, server } = w;
  await w.request('PATCH', `/api/guilds/${server.id}/modules/moderation`, { version: 0, settings: { log_channel_id: w.logChannel } });
  const sessionOf = async (user: APIUser) => (await loginAs(w.url, fake, { user, guilds: [{ id: server.id, name: server.name, permissions: PERMISSIONS.manageGuild }] })).cookie;
  const as = (cookie: string) => async (method: string, path: string, body?: unknown): Promise<Pick<TestResponse, 'status' | 'body'>> => {
    const res = await fetch(`${w.url}${path}`, { method, headers: { cookie, origin: w.url, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: await res.json() };
  };
  const helper = as(await sessionOf(people.helper));
  const mod = as(await sessionOf(people.mod));
  const cases = `/api/guilds/${server.id}/cases`;

  const denied = await helper('POST', cases, { action: 'ban', user_id: people.bob.id, reason: 'x' });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.detail, 'You need the Ban Members permission for that.');
  const above = await mod('POST', cases, { action: 'kick', user_id: people.senior.id });
  assert.equal(above.status, 403);
  assert.match(above.body.detail, /highest role is at or above yours/);
  assert.equal(actions(fake.requests).length, 0, 'nothing was sent');

  const warned = await helper('POST', cases, { action: 'warn', user_id: people.bob.id, reason: 'be nice' });
  assert.equal(warned.status, 201, JSON.stringify(warned.body));
  assert.deepEqual({ number: warned.body.number, moderator_id: warned.body.moderator_id, action: warned.body.action }, { number: 1, moderator_id: people.helper.id, action: 'warn' });
  const banned = await mod('POST', cases, { action: 'ban', user_id: people.carol.id, reason: 'raid', duration: '1d' });
  assert.equal(banned.status, 201, JSON.stringify(banned.body));
  assert.equal(banned.body.duration_ms, 86_400_000);
  assert.equal(server.bans.get(people.carol.id)?.reason, 'Case 2: raid');
  const byToken = await w.request('POST', cases, { action: 'timeout', user_id: people.bob.id, duration: '1h' });
  assert.equal(byToken.status, 201);
  assert.deepEqual({ moderator_id: byToken.body.moderator_id, rule: byToken.body.rule }, { moderator_id: null, rule: 'API token' });

  const page1 = await w.request('GET', `${cases}?limit=2`);
  assert.deepEqual(
    page1.body.items.map((c: { number: number }) => c.number),
    [3, 2],
  );
  const page2 = await w.request('GET', `${cases}?limit=2&cursor=${page1.body.next_cursor}`);
  assert.deepEqual(
    page2.body.items.map((c: { number: number }) => c.number),
    [1],
  );
  const ofBob = await w.request('GET', `${cases}?user_id=${people.bob.id}&action=warn&since=${new Date(Date.now() - 60_000).toISOString()}`);
  assert.deepEqual(
    ofBob.body.items.map((c: { number: number }) => c.number),
    [1],
  );
  const byMod = await w.request('GET', `${cases}?moderator_id=${people.mod.id}`);
  assert.deepEqual(
    byMod.body.items.map((c: { number: number }) => c.number),
    [2],
  );
  // A member's record in figures, for the dashboard's history: most given first, then in the order of the actions.
  const counts = await w.request('GET', `${cases}/counts?user_id=${people.bob.id}`);
  assert.equal(counts.status, 200, JSON.stringify(counts.body));
  assert.deepEqual(counts.body, { user_id: people.bob.id, total: 2, by_action: [{ action: 'warn', count: 1 }, { action: 'timeout', count: 1 }] });
  assert.deepEqual((await w.request('GET', `${cases}/counts?user_id=${people.dan.id}`)).body, { user_id: people.dan.id, total: 0, by_action: [] });
  const noUser = await w.request('GET', `${cases}/counts`);
  assert.equal(noUser.status, 400);
  assert.equal(noUser.body.errors[0].field, 'query.user_id');
  const changed = await mod('PATCH', `${cases}/2`, { reason: 'raid, with alts' });
  assert.equal(changed.status, 200);
  assert.equal((await w.request('GET', `${cases}/2`)).body.reason, 'raid, with alts');
  await eventually(() => {
    const edit = fake.requests.find((r) => r.method === 'PATCH' && r.path === `/channels/${w.logChannel}/messages/${banned.body.log_message_id}`);
    assert.ok(edit, 'the mod-log post was edited');
  });
  // Signed in to the dashboard with the API token, which is nobody on Discord: the rule "API token" acts, as with the bearer.
  const signedIn = await fetch(`${w.url}/auth/token`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: w.url }, body: new URLSearchParams({ token: TEST_TOKEN }).toString() });
  const tokenSession = as(signedIn.headers.getSetCookie().find((c) => c.startsWith('concord_session='))?.split(';')[0] ?? '');
  const byTokenSession = await tokenSession('POST', cases, { action: 'warn', user_id: people.dan.id, reason: 'from the dashboard' });
  assert.equal(byTokenSession.status, 201, JSON.stringify(byTokenSession.body));
  assert.deepEqual({ moderator_id: byTokenSession.body.moderator_id, rule: byTokenSession.body.rule }, { moderator_id: null, rule: 'API token' });
  // Another guild's cases are its own.
  const other = fake.addGuild({ name: 'Elsewhere', members: [{ user: people.owner }, { user: people.bob }] });
  const there = await w.request('POST', `/api/guilds/${other.id}/cases`, { action: 'warn', user_id: people.bob.id });
  assert.equal(there.body.number, 1);
  assert.equal((await w.request('GET', `/api/guilds/${other.id}/cases`)).body.items.length, 1);
  assert.equal((await w.request('GET', `${cases}/counts?user_id=${people.bob.id}`)).body.total, 2, 'a warning elsewhere is not counted here');
});

test('escalation: warnings reaching a rule become that rule’s own case, once', async (t) => {
  const w = await startModWorld(t);
  const { people, server } = w;
  const escalation = [
    { warnings: 2, within_days: 30, action: 'timeout', minutes: 60 },
    { warnings: 3, within_days: 30, action: 'ban', minutes: null },
  ];
  const saved = await w.request('PATCH', `/api/guilds/${server.id}/modules/moderation`, { version: 0, settings: { escalation } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const bad = await w.request('PATCH', `/api/guilds/${server.id}/modules/moderation`, { version: 1, settings: { escalation: [{ warnings: 2, within_days: 30, action: 'explode' }] } });
  assert.equal(bad.status, 422);
  assert.match(bad.body.errors[0].field, /^settings\.escalation\.0\.action/);

  assert.equal((await w.slash(people.mod, 'warn', { user: people.bob.id, reason: 'one' })).content, `Case 1: <@${people.bob.id}> was warned (one).`);
  // Another member's warnings are their own.
  await w.slash(people.mod, 'warn', { user: people.carol.id, reason: 'elsewhere' });
  assert.equal(
    (await w.slash(people.mod, 'warn', { user: people.bob.id, reason: 'two' })).content,
    `Case 3: <@${people.bob.id}> was warned (two). Escalation: 2 warnings in 30 days: Case 4: <@${people.bob.id}> was timed out for 1h (2 warnings within 30 days (the last: case 3)).`,
  );
  const timedOut = server.members.find((m) => m.user.id === people.bob.id)?.communication_disabled_until;
  assert.ok(timedOut && Date.parse(timedOut) > Date.now() + 59 * 60_000);
  const third = await w.slash(people.mod, 'warn', { user: people.bob.id, reason: 'three' });
  assert.match(third.content, /^Case 5: .* Escalation: 3 warnings in 30 days: Case 6: <@\d+> was banned/);
  assert.ok(server.bans.has(people.bob.id));
  const rows = await w.db.sql.unsafe(`select number, action, moderator_id, rule from ${w.db.schema}_mod_moderation.cases where user_id = '${people.bob.id}' order by number`);
  assert.deepEqual(
    rows.map((r) => [r.number, r.action, r.moderator_id, r.rule]),
    [
      [1, 'warn', people.mod.id, null],
      [3, 'warn', people.mod.id, null],
      [4, 'timeout', null, 'Escalation: 2 warnings in 30 days'],
      [5, 'warn', people.mod.id, null],
      [6, 'ban', null, 'Escalation: 3 warnings in 30 days'],
    ],
  );
});
