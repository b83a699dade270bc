// User stats end to end: messages from the fake Discord are counted, /stats and /top read them,
// opting out deletes them, and the API serves them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIUser } from 'discord-api-types/v10';
import { startTestApp } from '../../support/app.ts';
import { BOT_TOKEN } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { startFakeDiscord } from '../../support/fake-discord/index.ts';
import { onTeardown } from '../../support/teardown.ts';

const USERS = 40;
const MESSAGES_EACH = 25;

test('user stats', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000 });
  onTeardown(t, () => fake.close());
  const users: APIUser[] = Array.from({ length: USERS }, (_, i) => fake.createUser({ username: `user${i}` }));
  const robot = fake.createUser({ username: 'robot', bot: true });
  const guild = fake.addGuild({ name: 'Busy', channels: [{ name: 'general' }], members: [...users, robot].map((user) => ({ user })) });
  const channelId = guild.channels[0]?.id ?? '';
  const { request, db } = await startTestApp(t, {
    bot: true,
    env: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, STATS_FLUSH_INTERVAL_MS: '200', LOG_FLUSH_INTERVAL_MS: '50' },
  });
  const [first, second] = users as [APIUser, APIUser];
  const say = async (content: string, author: APIUser) => {
    const message = fake.sendMessage({ channel_id: channelId, author, content });
    const reply = await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === message.id);
    return { content: String(reply.body.content), body: reply.body };
  };
  const metric = async (name: string) => {
    const { body } = await request('GET', '/metrics');
    const line = String(body).split('\n').find((l) => l.startsWith(name));
    return Number(line?.split(' ').at(-1) ?? 0);
  };

  await t.test('a burst from many users is counted exactly, with a bounded number of writes', async () => {
    const writesBefore = await metric('concord_db_query_duration_seconds_count{query="addUserStats"}');
    const started = Date.now();
    for (let round = 0; round < MESSAGES_EACH; round++) {
      for (const user of users) fake.sendMessage({ channel_id: channelId, author: user, content: `hello ${round}` });
      fake.sendMessage({ channel_id: channelId, author: robot, content: 'bots are not counted' });
    }
    const total = async () => (await db.sql<{ n: string }[]>`select coalesce(sum(messages), 0) as n from user_stats_daily`)[0]?.n;
    await eventually(async () => assert.equal(await total(), String(USERS * MESSAGES_EACH)), 10_000);
    const { count } = (await db.sql<{ count: string }[]>`select count(*) from user_stats_daily`)[0] ?? { count: '' };
    assert.equal(count, String(USERS), 'one row per user and day');
    const writes = (await metric('concord_db_query_duration_seconds_count{query="addUserStats"}')) - writesBefore;
    // One write per 200 ms flush at most, however many messages arrived.
    assert.ok(writes <= Math.ceil((Date.now() - started) / 200) + 1, `${writes} writes for ${USERS * MESSAGES_EACH} messages`);
  });

  await t.test('!stats shows a user their counts and rank, pinging nobody', async () => {
    await say('!ping', first);
    const reply = await say('!stats', first);
    assert.match(reply.content, new RegExp(`Stats for <@${first.id}>`));
    assert.match(reply.content, /Messages: 2[5-7] today/);
    assert.match(reply.content, /rank #\d+ by messages/);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], users: [], replied_user: false });
    const other = await say(`!stats <@${second.id}>`, first);
    assert.match(other.content, new RegExp(`Stats for <@${second.id}>.*\\nMessages: ${MESSAGES_EACH} today`));
  });

  await t.test('commands are counted per user', async () => {
    await eventually(async () => {
      const [row] = await db.sql<{ commands: string }[]>`select sum(commands) as commands from user_stats_daily where user_id = ${first.id}`;
      assert.ok(Number(row?.commands) >= 2);
    });
  });

  await t.test('!top lists the most active users', async () => {
    const reply = await say('!top messages 7', first);
    assert.match(reply.content, /^\*\*Top by messages\*\* \(last 7 days\)\n1\. <@\d+> — \d+/);
    assert.equal(reply.content.split('\n').length, 11);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], users: [], replied_user: false });
    assert.match((await say('!top nonsense', second)).content, /Pick `messages` or `commands`/);
  });

  await t.test('GET /api/stats gives totals, a daily series and leaderboards', async () => {
    const { status, body } = await request('GET', `/api/stats?guild_id=${guild.id}&days=7`);
    assert.equal(status, 200);
    assert.equal(body.totals.active_users, USERS);
    assert.equal(body.daily.length, 7);
    assert.ok(Number(body.daily.at(-1).messages) >= USERS * MESSAGES_EACH);
    assert.equal(body.leaderboard.messages.length, 10);
    assert.equal((await request('GET', '/api/stats')).status, 400);
  });

  await t.test('/stats optout stops counting the user and deletes their stats', async () => {
    const interaction = fake.sendInteraction({
      channel_id: channelId,
      guild_id: guild.id,
      user: first,
      name: 'stats',
      options: [{ type: 1, name: 'optout', options: [] }],
    } as never);
    const response = await fake.waitForInteractionReply(interaction.id);
    assert.match(String((response.body.data as { content: string }).content), /no longer counted/);
    const rows = () => db.sql`select * from user_stats_daily where user_id = ${first.id}`;
    assert.equal((await rows()).length, 0);
    fake.sendMessage({ channel_id: channelId, author: first, content: 'still here' });
    await say('!ping', second);
    await eventually(async () => assert.ok(Number((await metric('concord_stats_queue_depth')) === 0), 'the stats queue is empty'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await rows()).length, 0, 'nothing counted after the opt-out');
  });

  await t.test('a guild that switches the stats module off has nothing counted until it is on again', async () => {
    const counted = async () => Number((await db.sql<{ n: string }[]>`select coalesce(sum(messages + commands), 0) as n from user_stats_daily where guild_id = ${guild.id}`)[0]?.n);
    const switchStats = async (enabled: boolean) => {
      const { body } = await request('GET', `/api/guilds/${guild.id}/modules`);
      const { version } = body.items.find((m: { name: string }) => m.name === 'stats');
      assert.equal((await request('PATCH', `/api/guilds/${guild.id}/modules/stats`, { version, enabled })).status, 200);
    };
    const before = await counted();
    await switchStats(false);
    const third = users[2] as APIUser;
    for (let i = 0; i < 5; i++) fake.sendMessage({ channel_id: channelId, author: third, content: `unseen ${i}` });
    await say('!ping', third);
    await eventually(async () => assert.ok(Number((await metric('concord_stats_queue_depth')) === 0), 'the stats queue is empty'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await counted(), before, 'nothing counted while the module is off');
    await switchStats(true);
    fake.sendMessage({ channel_id: channelId, author: third, content: 'seen again' });
    await eventually(async () => assert.equal(await counted(), before + 1));
  });

  await t.test('admins can delete a user through the API', async () => {
    const { status, body } = await request('DELETE', `/api/stats/users/${second.id}`);
    assert.equal(status, 200);
    assert.equal(body.deleted, 1);
    const { body: after } = await request('GET', `/api/stats/users/${second.id}?guild_id=${guild.id}`);
    assert.equal(after.messages_all, '0');
    assert.equal(after.rank, null);
  });
});
