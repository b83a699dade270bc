// GET /api/guilds/:guild_id/events against real Postgres and the fake Discord: entries stored as they
// are posted, filters by kind or category, user, channel and time, cursor pages, message text only
// where the server opted in, and one guild's entries never shown in another's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../../support/eventually.ts';
import { cached, configure, eventLogOf, startLogWorld } from './world.ts';

interface Entry {
  id: string;
  kind: string;
  user_id: string | null;
  channel_id: string | null;
  summary: string;
  details: Record<string, unknown>;
  occurred_at: string;
}

test('GET /api/guilds/:guild_id/events', async (t) => {
  const world = await startLogWorld(t);
  const { fake, guild, channelId, member, logChannels } = world;
  const log = eventLogOf(world);
  const list = async (query = '', guildId = guild.id) => {
    const res = await world.request('GET', `/api/guilds/${guildId}/events${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: Entry[]; next_cursor: string | null };
  };
  await configure(world, guild.id, { message_channel_id: logChannels.message, member_channel_id: logChannels.member });

  const joined = ['ann', 'ben', 'cat'].map((username) => fake.addMember(guild.id, fake.createUser({ username })).user);
  const message = fake.sendMessage({ channel_id: channelId, author: member, content: 'secret words' });
  await cached(log, message.id);
  fake.deleteMessage(message.id);
  await eventually(async () => assert.equal((await list()).items.length, 4));

  await t.test('filters by kind, category, user and channel', async () => {
    assert.deepEqual((await list('?kind=member_join')).items.map((e) => e.user_id).sort(), joined.map((u) => u.id).sort());
    assert.equal((await list('?kind=member')).items.length, 3);
    assert.deepEqual((await list(`?user_id=${joined[1]?.id}`)).items.map((e) => e.kind), ['member_join']);
    const deletes = (await list(`?channel_id=${channelId}`)).items;
    assert.deepEqual(deletes.map((e) => e.kind), ['message_delete']);
    assert.equal(JSON.stringify(deletes[0]?.details).includes('secret'), false, 'no message text without include_content');
  });

  await t.test('since and until bound the time; a cursor pages without repeats', async () => {
    assert.equal((await list(`?until=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).items.length, 0);
    assert.equal((await list(`?since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).items.length, 4);
    const first = await list('?limit=3');
    assert.equal(first.items.length, 3);
    assert.ok(first.next_cursor);
    const second = await list(`?limit=3&cursor=${first.next_cursor}`);
    assert.equal(second.items.length, 1);
    assert.equal(new Set([...first.items, ...second.items].map((e) => e.id)).size, 4);
  });

  await t.test('message text is stored where the server opted in', async () => {
    await configure(world, guild.id, { include_content: true });
    const kept = fake.sendMessage({ channel_id: channelId, author: member, content: 'kept words' });
    await cached(log, kept.id);
    fake.deleteMessage(kept.id);
    await eventually(async () => assert.equal((await list(`?channel_id=${channelId}`)).items[0]?.details.content, 'kept words'));
  });

  await t.test('an entry is kept retention_days, then swept', async () => {
    await configure(world, guild.id, { retention_days: 2 });
    const user = fake.addMember(guild.id, fake.createUser({ username: 'kept-two-days' })).user;
    await eventually(async () => assert.equal((await list(`?user_id=${user.id}`)).items.length, 1));
    const table = `${world.db.schema}_mod_event_log.entries`;
    const [row] = await world.db.sql.unsafe(`select extract(epoch from expires_at - occurred_at)::int as kept from ${table} where user_id = $1`, [user.id]);
    assert.equal(row?.kept, 2 * 86_400);
    // Two days later, as the sweep sees it.
    await world.db.sql.unsafe(`update ${table} set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    assert.equal((await list(`?user_id=${user.id}`)).items.length, 0, 'an expired entry is not listed even before the sweep');
    assert.equal(await log.sweep(), 1);
    assert.equal((await world.db.sql.unsafe(`select count(*)::int as n from ${table} where user_id = $1`, [user.id]))[0]?.n, 0);
  });

  await t.test('a wrong filter is a 400 naming it; another guild sees none of these', async () => {
    for (const [query, field] of [['?kind=nope', 'query.kind'], ['?since=yesterday', 'query.since'], ['?cursor=abc', 'query.cursor']] as const) {
      const res = await world.request('GET', `/api/guilds/${guild.id}/events${query}`);
      assert.equal(res.status, 400);
      assert.match(JSON.stringify(res.body), new RegExp(field.replace('.', '\\.')));
    }
    const other = fake.addGuild({ name: 'Other', channels: [{ name: 'their-log' }], members: [{ user: member }] });
    await configure(world, other.id, { member_channel_id: other.channels[0]?.id });
    fake.addMember(other.id, fake.createUser({ username: 'theirs' }));
    await eventually(async () => assert.equal((await list('', other.id)).items.length, 1));
    assert.equal((await list('?kind=member_join')).items.length, 3, 'their join is not in this guild’s list');
  });
});
