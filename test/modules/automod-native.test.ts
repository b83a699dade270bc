// Blocked words and the mention limit as Discord's own AutoMod rules, end to end against the fake
// Discord and PostgreSQL: made, changed and deleted as the settings change through the API, no
// duplicate across a restart or two processes, a rule deleted by hand made again at the next
// GUILD_CREATE, each message Discord blocks a case (a warning with `automod_action` warn), members
// with Manage Messages exempt, a guild without Manage Server warned about once, guilds apart.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { API } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { type APIAutoModerationRule, type APIUser, AutoModerationActionType, AutoModerationRuleTriggerType, PermissionFlagsBits } from 'discord-api-types/v10';
import postgres from 'postgres';
import { readRulesAhead, syncNativeRules } from '../../src/modules/moderation/automod-rules.ts';
import type { ModerationSettings } from '../../src/modules/moderation/service.ts';
import type { Sql } from '../../src/platform/db/connect.ts';
import { createLogger } from '../../src/platform/log.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { BOT_TOKEN, type BotWorld, startFakeWorld } from '../support/bot.ts';
import { capturedLog } from '../support/captured-log.ts';
import { eventually } from '../support/eventually.ts';
import type { FakeGuild } from '../support/fake-discord/index.ts';
import { onTeardown } from '../support/teardown.ts';

const MODS = '940000000000000001';
const TRUSTED = '940000000000000002';
const BOT_ROLE = '940000000000000003';
const HELPERS = '940000000000000004';

interface World extends BotWorld {
  server: FakeGuild;
  general: string;
  memes: string;
  logChannel: string;
  people: Record<'owner' | 'mod' | 'helper' | 'bob' | 'carol', APIUser>;
}

/** A server where the bot has Manage Server; Mods and Helpers have Manage Messages. */
async function startWorld(t: Pick<TestContext, 'after'>): Promise<World> {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const { fake } = world;
  const people = Object.fromEntries(['owner', 'mod', 'helper', 'bob', 'carol'].map((name) => [name, fake.createUser({ username: name })])) as World['people'];
  const server = fake.addGuild({
    name: 'Native',
    owner_id: people.owner.id,
    channels: [{ name: 'general' }, { name: 'memes' }, { name: 'mod-log' }],
    roles: [
      { id: HELPERS, name: 'Helpers', permissions: PermissionFlagsBits.ManageMessages },
      { id: TRUSTED, name: 'Trusted', permissions: 0n },
      { id: MODS, name: 'Mods', permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ModerateMembers },
      { id: BOT_ROLE, name: 'Concord', permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageMessages },
    ],
    members: [{ user: people.owner }, { user: people.mod, roles: [MODS] }, { user: people.helper, roles: [HELPERS] }, { user: people.bob }, { user: people.carol }],
    botRoles: [BOT_ROLE],
  });
  const [general, memes, logChannel] = server.channels.map((c) => c.id) as [string, string, string];
  return { ...world, server, general, memes, logChannel, people };
}

const startConcord = (t: Pick<TestContext, 'after'>, w: World, options: { db?: TestApp['db']; log?: ReturnType<typeof capturedLog>['log'] } = {}) =>
  startTestApp(t, { bot: true, env: w.env, ...options });

/** Changes the moderation settings from the version the API has now. */
async function configure(app: TestApp, guildId: string, change: { settings?: Record<string, unknown>; enabled?: boolean }) {
  const current = (await app.request('GET', `/api/guilds/${guildId}/modules`)).body.items.find((m: { name: string }) => m.name === 'moderation');
  const saved = await app.request('PATCH', `/api/guilds/${guildId}/modules/moderation`, { version: current.version, ...change });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
}

const concordRules = (w: World, guild = w.server) => w.fake.autoModerationRules(guild.id).filter((r) => r.creator_id === w.fake.botUser.id);
const ruleOf = (w: World, trigger: AutoModerationRuleTriggerType) => concordRules(w).filter((r) => r.trigger_type === trigger);

async function casesOf(app: TestApp) {
  return app.db.sql.unsafe(`select number, action, user_id, moderator_id, rule, reason from ${app.db.schema}_mod_moderation.cases order by number`);
}

async function syncedAt(app: TestApp, guildId: string): Promise<number> {
  const rows = await app.db.sql.unsafe(`select synced_at from ${app.db.schema}_mod_moderation.automod_rules where guild_id = $1`, [guildId]);
  return rows[0]?.synced_at ? new Date(rows[0].synced_at).getTime() : 0;
}

test('words and mentions become native rules that follow the settings: made, changed in place, deleted', async (t) => {
  const w = await startWorld(t);
  const app = await startConcord(t, w);
  const { server } = w;
  assert.deepEqual(w.fake.autoModerationRules(server.id), [], 'no settings, no rule');

  await configure(app, server.id, { settings: { automod_blocked_words: 'free nitro*\n  scam  \n\nSCAM\n*coin', automod_exempt_role_ids: [TRUSTED], automod_exempt_channel_ids: [w.memes] } });
  const [words] = ruleOf(w, AutoModerationRuleTriggerType.Keyword) as [APIAutoModerationRule];
  assert.equal(concordRules(w).length, 1);
  assert.equal(words.name, 'Concord: blocked words');
  assert.equal(words.enabled, true);
  assert.deepEqual(words.trigger_metadata.keyword_filter, ['free nitro*', 'scam', '*coin']);
  assert.deepEqual(words.actions.map((a) => a.type), [AutoModerationActionType.BlockMessage]);
  assert.ok(words.actions[0]?.metadata?.custom_message, 'the member is told why');
  // The chosen roles, then those with Manage Messages (highest first); the bot's own has Manage Server, which Discord exempts itself.
  assert.deepEqual(words.exempt_roles, [TRUSTED, MODS, HELPERS]);
  assert.deepEqual(words.exempt_channels, [w.memes]);

  await configure(app, server.id, { settings: { automod_max_mentions: 4 } });
  const [mentions] = ruleOf(w, AutoModerationRuleTriggerType.MentionSpam) as [APIAutoModerationRule];
  assert.equal(mentions.name, 'Concord: mention spam');
  assert.equal(mentions.trigger_metadata.mention_total_limit, 4);

  const before = w.fake.requests.length;
  await configure(app, server.id, { settings: { automod_blocked_words: 'scam\ngiveaway' } });
  const changed = ruleOf(w, AutoModerationRuleTriggerType.Keyword);
  assert.deepEqual(
    changed.map((r) => [r.id, r.trigger_metadata.keyword_filter]),
    [[words.id, ['scam', 'giveaway']]],
    'the same rule, changed',
  );
  const writes = w.fake.requests.slice(before).filter((r) => r.path.includes('/auto-moderation/') && r.method !== 'GET');
  assert.deepEqual(
    writes.map((r) => r.method),
    ['PATCH'],
    'the mention rule, unchanged, is left alone',
  );

  await configure(app, server.id, { settings: { automod_blocked_words: null } });
  assert.deepEqual(
    concordRules(w).map((r) => r.id),
    [mentions.id],
    'cleared words: their rule is deleted',
  );
  await configure(app, server.id, { enabled: false });
  assert.deepEqual(concordRules(w), [], 'the module switched off: no rule left');
  await configure(app, server.id, { enabled: true });
  assert.equal(ruleOf(w, AutoModerationRuleTriggerType.MentionSpam).length, 1, 'switched on again: the mention rule is back');
});

test('a message Discord blocks becomes a case (a warning with automod_action warn); Manage Messages members and exempt channels pass', async (t) => {
  const w = await startWorld(t);
  const app = await startConcord(t, w);
  const { fake, server, people } = w;
  await configure(app, server.id, { settings: { automod_blocked_words: 'free nitro*', automod_max_mentions: 2, automod_exempt_channel_ids: [w.memes], log_channel_id: w.logChannel } });

  assert.throws(
    () => fake.sendMessage({ channel_id: w.general, author: people.bob, content: 'get FREE NITROS now' }),
    (e: { body: { code: number } }) => e.body.code === 200000,
  );
  await eventually(async () => assert.equal((await casesOf(app)).length, 1));
  assert.deepEqual({ ...(await casesOf(app))[0] }, { number: 1, action: 'delete', user_id: people.bob.id, moderator_id: null, rule: 'Automod: blocked words', reason: 'matched "free nitro*"' });
  await fake.waitForMessage((m) => m.channel_id === w.logChannel && (m.body.embeds as { title: string }[])[0]?.title === 'Case 1 · Message deleted');
  const deletes = fake.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/messages/'));
  assert.deepEqual(deletes, [], 'Discord blocked it: nothing to delete');

  const mentionSpam = `<@${people.owner.id}> <@${people.mod.id}> <@${people.carol.id}>`;
  assert.throws(() => fake.sendMessage({ channel_id: w.general, author: people.carol, content: mentionSpam }));
  await eventually(async () => assert.equal((await casesOf(app)).length, 2));
  assert.deepEqual([(await casesOf(app))[1]?.rule, (await casesOf(app))[1]?.reason], ['Automod: mention spam', 'more than 2 mentions']);

  // Manage Messages (roles the rules exempt), an exempt channel: posted (a block would throw), no case.
  fake.sendMessage({ channel_id: w.general, author: people.helper, content: 'free nitro for helpers' });
  fake.sendMessage({ channel_id: w.general, author: people.mod, content: mentionSpam });
  fake.sendMessage({ channel_id: w.memes, author: people.bob, content: 'free nitro memes' });

  await configure(app, server.id, { settings: { automod_action: 'warn' } });
  assert.throws(() => fake.sendMessage({ channel_id: w.general, author: people.bob, content: 'free nitro again' }));
  await eventually(async () => assert.equal((await casesOf(app)).length, 3));
  assert.deepEqual(
    (await casesOf(app)).map((c) => [c.action, c.rule]),
    [
      ['delete', 'Automod: blocked words'],
      ['delete', 'Automod: mention spam'],
      ['warn', 'Automod: blocked words'],
    ],
    'the exempt messages made no case; the warning names the rule',
  );

  // A rule an admin made in Discord is not Concord's: its blocks make no case.
  fake.addAutoModerationRule(server.id, { name: 'by hand', event_type: 1, trigger_type: AutoModerationRuleTriggerType.Keyword, trigger_metadata: { keyword_filter: ['heresy'] }, actions: [{ type: AutoModerationActionType.BlockMessage }], enabled: true }, people.owner);
  assert.throws(() => fake.sendMessage({ channel_id: w.general, author: people.carol, content: 'pure heresy' }));
  // Concord's next block shows the admin's made no case in between.
  assert.throws(() => fake.sendMessage({ channel_id: w.general, author: people.carol, content: 'free nitro' }));
  await eventually(async () => assert.equal((await casesOf(app)).length, 4));
  assert.deepEqual([(await casesOf(app))[3]?.user_id, (await casesOf(app))[3]?.reason], [people.carol.id, 'matched "free nitro*"']);
});

test('a block reported while the sync that made its rule has not committed yet waits for it, and is a case', async (t) => {
  const w = await startWorld(t);
  const app = await startConcord(t, w);
  const { fake, server, people } = w;
  await configure(app, server.id, { settings: { automod_blocked_words: 'scam' } });
  const [rule] = concordRules(w) as [APIAutoModerationRule];
  const table = `${app.db.schema}_mod_moderation.automod_rules`;
  // Stands for a sync between making the rule in Discord and committing its id.
  await app.db.sql.unsafe(`update ${table} set words_rule_id = null`);
  let commit = () => {};
  const committed = new Promise<void>((resolve) => {
    commit = resolve;
  });
  const sync = app.db.sql.begin(async (tx) => {
    await tx.unsafe(`update ${table} set words_rule_id = $1`, [rule.id]);
    await committed;
  });
  // The block comes once the row is held: before that, its handler would read the id still missing.
  const holding = async () =>
    (await app.db.sql.unsafe(`select count(*)::int as n from pg_stat_activity where state = 'idle in transaction' and query like 'update %automod_rules set words_rule_id%'`))[0]?.n;
  await eventually(async () => assert.equal(await holding(), 1, 'the row is held'));
  assert.throws(() => fake.sendMessage({ channel_id: w.general, author: people.bob, content: 'a scam' }));
  // The block's handler waits on the guild's row, not reading the id as it was before.
  const waiting = async () =>
    (await app.db.sql.unsafe(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%from automod_rules%for share%'`))[0]?.n;
  await eventually(async () => assert.equal(await waiting(), 1));
  commit();
  await sync;
  await eventually(async () => assert.deepEqual((await casesOf(app)).map((c) => c.rule), ['Automod: blocked words']));
});

test('across a restart, two processes at once and a rule deleted by hand: one rule each', async (t) => {
  const w = await startWorld(t);
  const first = await startConcord(t, w);
  const { fake, server } = w;
  await configure(first, server.id, { settings: { automod_blocked_words: 'scam' } });
  const [original] = concordRules(w) as [APIAutoModerationRule];
  await first.app.stop();

  // Restarted: GUILD_CREATE reconciles, finds the rule it remembers, makes none.
  const before = await syncedAt(first, server.id);
  const restarted = await startConcord(t, w, { db: first.db });
  await eventually(async () => assert.ok((await syncedAt(first, server.id)) > before, 'synced again since the restart'));
  assert.deepEqual(
    concordRules(w).map((r) => r.id),
    [original.id],
  );

  // Deleted by hand in Discord: made again at the next GUILD_CREATE (a new session).
  fake.deleteAutoModerationRule(server.id, original.id);
  fake.invalidateSession(0, false);
  // The library identifies again after Discord's wait (1-5 s) and the identify window.
  await eventually(() => assert.equal(concordRules(w).length, 1), 20_000);
  const [remade] = concordRules(w) as [APIAutoModerationRule];
  assert.notEqual(remade.id, original.id);
  await eventually(async () => {
    const rows = await first.db.sql.unsafe(`select words_rule_id from ${first.db.schema}_mod_moderation.automod_rules`);
    assert.deepEqual(
      rows.map((r) => r.words_rule_id),
      [remade.id],
    );
  });
  await restarted.app.stop();

  // Two processes start at once, and the ids were lost: one adopts the bot's rule by its name, the other finds it remembered.
  await first.db.sql.unsafe(`delete from ${first.db.schema}_mod_moderation.automod_rules`);
  const pair = await Promise.all([startConcord(t, w, { db: first.db }), startConcord(t, w, { db: first.db })]);
  await eventually(async () => assert.ok((await syncedAt(first, server.id)) > 0, 'synced'));
  assert.deepEqual(
    concordRules(w).map((r) => r.id),
    [remade.id],
  );
  await Promise.all(pair.map((p) => p.app.stop()));

  // And with the rule gone too, two processes starting at once make one between them.
  fake.deleteAutoModerationRule(server.id, remade.id);
  await first.db.sql.unsafe(`delete from ${first.db.schema}_mod_moderation.automod_rules`);
  const from = fake.requests.length;
  await Promise.all([startConcord(t, w, { db: first.db }), startConcord(t, w, { db: first.db })]);
  // Both synced (each read the rules under the guild's lock), and one rule came of it.
  const listed = () => fake.requests.slice(from).filter((r) => r.method === 'GET' && r.path.endsWith('/auto-moderation/rules')).length;
  await eventually(() => assert.equal(listed(), 2));
  await eventually(async () => assert.ok((await syncedAt(first, server.id)) > 0, 'synced'));
  assert.equal(concordRules(w).length, 1);
  const made = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/auto-moderation/rules') && r.status === 200);
  assert.equal(made.length, 3, 'made three times in all: at the start, after the delete by hand, now');
});

test('syncs of one guild from separate connection pools at the same moment make one rule', async (t) => {
  const w = await startWorld(t);
  const { db } = await startConcord(t, w);
  const url = new URL(db.url);
  url.searchParams.set('search_path', `${db.schema}_mod_moderation,${db.schema}`);
  // Two pools stand for two processes, each with its own Discord client; Discord answers slowly, so the syncs overlap.
  const pools = [0, 1].map(() => postgres(url.toString(), { max: 4, onnotice: () => {} }));
  onTeardown(t, () => Promise.all(pools.map((pool) => pool.end({ timeout: 5 }))));
  w.fake.setLatency(40);
  // The guild's row exists already (a guild synced before): the syncs queue on its lock.
  await db.sql.unsafe(`insert into ${db.schema}_mod_moderation.automod_rules (guild_id) values ($1)`, [w.server.id]);
  const settings = { automod_blocked_words: 'scam', automod_max_mentions: 5, automod_exempt_role_ids: [], automod_exempt_channel_ids: [] } as unknown as ModerationSettings;
  const syncs = Array.from({ length: 6 }, (_, i) =>
    syncNativeRules(
      {
        sql: pools[i % 2] as unknown as Sql,
        discord: new API(new REST({ api: w.fake.apiUrl }).setToken(BOT_TOKEN)),
        log: createLogger('silent'),
        stateOf: async () => ({ enabled: true, settings }),
      },
      w.server.id,
    ),
  );
  await Promise.all(syncs);
  assert.deepEqual(concordRules(w).map((r) => r.name).sort(), ['Concord: blocked words', 'Concord: mention spam']);
  const made = w.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/auto-moderation/rules'));
  assert.equal(made.length, 2, 'one POST per rule across the six syncs');
  const listed = w.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/auto-moderation/rules'));
  assert.equal(listed.length, 6, 'each sync read the rules, one after the other');
});

test('rules read ahead (READY): a guild that wants none and has none stored is done at once, one with a rule stored still has it removed, an answer serves one sync', async (t) => {
  const w = await startWorld(t);
  const app = await startConcord(t, w);
  await configure(app, w.server.id, { settings: { automod_blocked_words: 'scam' } });
  assert.equal(concordRules(w).length, 1);
  const url = new URL(app.db.url);
  url.searchParams.set('search_path', `${app.db.schema}_mod_moderation,${app.db.schema}`);
  const pool = postgres(url.toString(), { max: 2, onnotice: () => {} });
  onTeardown(t, () => pool.end({ timeout: 5 }));
  const sql = pool as unknown as Sql;
  // The module switched off while this process was away: the guild wants no rules now.
  const none = { enabled: false, settings: { automod_blocked_words: 'scam', automod_max_mentions: null } as unknown as ModerationSettings };
  const deps = { sql, discord: new API(new REST({ api: w.fake.apiUrl }).setToken(BOT_TOKEN)), log: createLogger('silent'), stateOf: async () => none };
  const quiet = '950000000000000001';
  await readRulesAhead(sql, [quiet], createLogger('silent'));
  const other = syncNativeRules(deps, quiet, none);
  assert.ok(other instanceof Promise, 'a sync other than a GUILD_CREATE reads for itself');
  await other;
  assert.equal(syncNativeRules(deps, quiet, none, true), undefined, 'at its GUILD_CREATE, nothing stored, nothing wanted: over at once, no promise');
  const again = syncNativeRules(deps, quiet, none, true);
  assert.ok(again instanceof Promise, 'the answer served one sync: the next reads for itself');
  await again;
  // Taken while its read is still on its way: the sync waits for it, and goes on from what it says.
  const reading = readRulesAhead(sql, [w.server.id], createLogger('silent'));
  const removing = syncNativeRules(deps, w.server.id, none, true);
  assert.ok(removing instanceof Promise);
  await Promise.all([reading, removing]);
  assert.equal(concordRules(w).length, 0, 'the rule stored was removed');
});

test('without Manage Server: the settings are saved, one warning, nothing crashes; another guild is its own', async (t) => {
  const w = await startWorld(t);
  const { log, lines } = capturedLog();
  const app = await startConcord(t, w, { log });
  const { fake, server, people } = w;
  const other = fake.addGuild({
    name: 'Unmanaged',
    owner_id: people.owner.id,
    channels: [{ name: 'general' }],
    roles: [{ id: '940000000000000009', name: 'Concord', permissions: PermissionFlagsBits.ManageMessages }],
    members: [{ user: people.owner }, { user: people.bob }],
    botRoles: ['940000000000000009'],
  });

  await configure(app, other.id, { settings: { automod_blocked_words: 'scam' } });
  await configure(app, other.id, { settings: { automod_blocked_words: 'scam\nspam' } });
  const rows = await app.db.sql.unsafe(`select guild_id, words_rule_id, refused_at, refused_reason from ${app.db.schema}_mod_moderation.automod_rules`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.guild_id, other.id);
  assert.equal(rows[0]?.words_rule_id, null);
  assert.ok(rows[0]?.refused_at, 'the refusal is remembered');
  assert.match(String(rows[0]?.refused_reason), /403 50013/);
  const warnings = lines.filter((l) => String(l.msg).startsWith('Discord refused the native AutoMod rules'));
  assert.equal(warnings.length, 1, 'warned once for the guild');
  assert.equal(warnings[0]?.guild, other.id);
  // Nothing is blocked there, and the first guild is untouched.
  fake.sendMessage({ channel_id: other.channels[0]?.id ?? '', author: people.bob, content: 'scam' });
  assert.deepEqual(fake.autoModerationRules(server.id), []);
  fake.sendMessage({ channel_id: w.general, author: people.bob, content: 'scam' });

  // Given Manage Server, the next change puts the rule in place; the other guild's settings stay its own.
  fake.updateRole(other.id, '940000000000000009', { permissions: String(PermissionFlagsBits.ManageGuild) });
  await configure(app, other.id, { settings: { automod_max_mentions: 10 } });
  assert.deepEqual(
    fake.autoModerationRules(other.id).map((r) => r.name).sort(),
    ['Concord: blocked words', 'Concord: mention spam'],
  );
  assert.deepEqual(fake.autoModerationRules(server.id), []);
  assert.ok(lines.some((l) => l.msg === 'the native AutoMod rules are in place again' && l.guild === other.id), 'the rules being back is logged');
  // A block in the other guild is a case there only.
  assert.throws(() => fake.sendMessage({ channel_id: other.channels[0]?.id ?? '', author: people.bob, content: 'spam' }));
  await eventually(async () => {
    const cases = await app.db.sql.unsafe(`select guild_id, number from ${app.db.schema}_mod_moderation.cases`);
    assert.deepEqual([...cases], [{ guild_id: other.id, number: 1 }]);
  });
});
