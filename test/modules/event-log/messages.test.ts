// The event log's message category against the fake Discord: deletes with what the cache kept, edits
// before and after, "not cached", bulk deletes as one entry with a file, a burst in a handful of
// posts, logging off (nothing cached, nothing posted), ignore lists, a log channel that went away,
// and guilds kept apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { eventually } from '../../support/eventually.ts';
import { cached, configure, embedsIn, eventLogOf, field, filesOf, postsIn, startLogWorld, waitForEmbed } from './world.ts';

test('message edits and deletes', async (t) => {
  const world = await startLogWorld(t);
  const { fake, guild, channelId, member, admin, robot, logChannels } = world;
  const log = eventLogOf(world);
  const logChannel = logChannels.message;

  await t.test('with no message channel set, nothing is cached and nothing posted', async () => {
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: 'before logging' });
    // A later event that is seen shows this one was passed over, not merely slow.
    await world.say('!ping');
    assert.equal(log.messages.sizeOf(guild.id), 0);
    fake.deleteMessage(message.id);
    await configure(world, guild.id, { message_channel_id: logChannel });
    const marker = fake.sendMessage({ channel_id: channelId, author: member, content: 'marker' });
    await cached(log, marker.id);
    fake.deleteMessage(marker.id);
    const { embed } = await waitForEmbed(world, logChannel, (e) => e.title === 'Message deleted');
    assert.equal(embed.description, 'marker');
    assert.equal(embedsIn(world, logChannel).length, 1, 'the delete from before logging was not logged');
  });

  await t.test('a deleted message is posted with its text, author, channel, attachments and when it was sent; nobody is pinged', async () => {
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: `hello <@${admin.id}> and @everyone`, attachments: [{ filename: 'cat.png' }] });
    await cached(log, message.id);
    fake.deleteMessage(message.id);
    const { embed, post } = await waitForEmbed(world, logChannel, (e) => e.title === 'Message deleted' && e.description?.includes('hello') === true);
    assert.equal(embed.author?.name, `bob (${member.id})`);
    assert.equal(field(embed, 'Channel'), `<#${channelId}>`);
    assert.equal(field(embed, 'Author'), `<@${member.id}>`);
    assert.match(field(embed, 'Sent') ?? '', /^<t:\d+:R>$/);
    assert.equal(field(embed, 'Attachments'), 'cat.png');
    assert.equal(embed.color, 0xed4245);
    assert.deepEqual(post.body.allowed_mentions, { parse: [] });
    assert.deepEqual(post.message.mentions, []);
    assert.equal(post.message.mention_everyone, false);
  });

  await t.test('an edit shows the text before and after, with a link to the message', async () => {
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: 'teh typo' });
    await cached(log, message.id);
    fake.editMessage(message.id, 'the typo');
    const { embed } = await waitForEmbed(world, logChannel, (e) => e.title === 'Message edited');
    assert.equal(field(embed, 'Before'), 'teh typo');
    assert.equal(field(embed, 'After'), 'the typo');
    assert.equal(field(embed, 'Message'), `[Jump to the message](https://discord.com/channels/${guild.id}/${channelId}/${message.id})`);
    // The cache follows the edit: a delete now shows the new text.
    fake.deleteMessage(message.id);
    const deleted = await waitForEmbed(world, logChannel, (e) => e.title === 'Message deleted' && e.description === 'the typo');
    assert.ok(deleted);
  });

  await t.test('a delete of a message not in the cache says so, with what Discord sent', async () => {
    const id = '1200000000000000077';
    fake.dispatchEvent(guild.id, GatewayDispatchEvents.MessageDelete, { id, channel_id: channelId, guild_id: guild.id }, GatewayIntentBits.GuildMessages);
    const { embed } = await waitForEmbed(world, logChannel, (e) => e.title === 'Message deleted' && e.description?.startsWith('*Not cached') === true);
    assert.equal(field(embed, 'Channel'), `<#${channelId}>`);
    assert.equal(field(embed, 'Author'), 'unknown (not cached)');
    assert.match(field(embed, 'Sent') ?? '', /^<t:\d+:R>$/);
    assert.equal(embed.author, undefined);
  });

  await t.test('long text is cut within Discord’s limits and attached whole', async () => {
    // Discord's 2,000 characters (4,000 with Nitro) are more than an embed field's 1,024.
    const long = 'x'.repeat(1_999);
    const message = fake.sendMessage({ channel_id: channelId, author: member, content: `${long}.` });
    await cached(log, message.id);
    fake.editMessage(message.id, `${long}Y`);
    const { embed, post } = await waitForEmbed(world, logChannel, (e) => e.title === 'Message edited' && (field(e, 'After')?.endsWith('more characters)') ?? false));
    assert.ok((field(embed, 'Before')?.length ?? 0) <= 1_024);
    const [file] = filesOf(post);
    assert.match(file?.name ?? '', /^message-edit-\d+\.txt$/);
    assert.ok(file?.text.includes(`${long}Y`), 'the whole text is attached');
  });

  await t.test('a bulk delete is one entry with the messages attached as text', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => fake.sendMessage({ channel_id: channelId, author: i % 2 ? member : admin, content: `purged ${i}` }));
    await cached(log, ...messages.map((m) => m.id));
    const before = postsIn(world, logChannel).length;
    fake.bulkDeleteMessages(channelId, [...messages.map((m) => m.id), '1200000000000000078']);
    const { embed, post } = await waitForEmbed(world, logChannel, (e) => e.title === 'Messages deleted in bulk');
    assert.equal(postsIn(world, logChannel).length, before + 1, 'one post');
    assert.equal(post.body.embeds && (post.body.embeds as unknown[]).length, 1);
    assert.match(embed.description ?? '', /\*\*31\*\* messages deleted in <#\d+> \(1 not cached\)/);
    const [file] = filesOf(post);
    assert.match(file?.name ?? '', /^deleted-messages-\d+-\d+\.txt$/);
    const lines = file?.text.split('\n') ?? [];
    assert.equal(lines.length, 31);
    assert.match(lines[0] ?? '', new RegExp(`^\\[.+\\] ada \\(${admin.id}\\): purged 0$`));
    assert.match(lines[29] ?? '', /: purged 29$/);
    assert.equal(lines[30], '1 more not cached (sent before Concord started, or too long ago).');
    assert.equal(post.message.attachments[0]?.filename, file?.name);
  });

  await t.test('ignored channels, roles and bots are left out (and never logged as "not cached")', async () => {
    const quiet = fake.addChannel(guild.id, { name: 'quiet' }).id;
    await configure(world, guild.id, { ignored_channel_ids: [quiet], ignored_role_ids: ['900000000000000001'] });
    const inQuiet = fake.sendMessage({ channel_id: quiet, author: member, content: 'in quiet' });
    const byMod = fake.sendMessage({ channel_id: channelId, author: admin, content: 'by a mod' });
    const byBot = fake.sendMessage({ channel_id: channelId, author: robot, content: 'by a bot' });
    const marker = fake.sendMessage({ channel_id: channelId, author: member, content: 'after the ignored ones' });
    await cached(log, marker.id);
    const before = embedsIn(world, logChannel).length;
    for (const message of [inQuiet, byMod, byBot, marker]) fake.deleteMessage(message.id);
    await waitForEmbed(world, logChannel, (e) => e.description === 'after the ignored ones');
    const after = embedsIn(world, logChannel).slice(before);
    assert.deepEqual(
      after.map((e) => e.description),
      ['after the ignored ones'],
    );
    await configure(world, guild.id, { ignored_channel_ids: [], ignored_role_ids: [], ignore_bots: false });
    const botAgain = fake.sendMessage({ channel_id: channelId, author: robot, content: 'a bot, now logged' });
    await cached(log, botAgain.id);
    fake.deleteMessage(botAgain.id);
    await waitForEmbed(world, logChannel, (e) => e.description === 'a bot, now logged');
    await configure(world, guild.id, { ignore_bots: true });
  });

  await t.test('a burst of 500 deletes costs a handful of posts, every entry accounted for', async () => {
    // Deletes of messages from before Concord started: each is an entry ("not cached") all the same.
    const ids = Array.from({ length: 500 }, (_, i) => String(1_200_000_000_000_100_000n + BigInt(i)));
    const before = postsIn(world, logChannel).length;
    for (const id of ids) fake.dispatchEvent(guild.id, GatewayDispatchEvents.MessageDelete, { id, channel_id: channelId, guild_id: guild.id }, GatewayIntentBits.GuildMessages);
    const burstPosts = () => postsIn(world, logChannel).slice(before);
    const counted = () => {
      let n = 0;
      for (const embed of burstPosts().flatMap((post) => post.body.embeds as { title: string; description?: string }[])) {
        if (embed.title === 'Message deleted') n++;
        n += Number(/^Message deleted ×(\d+)$/.exec(embed.title)?.[1] ?? 0);
      }
      return n;
    };
    await eventually(() => assert.equal(counted(), 500), 20_000);
    const posts = burstPosts();
    assert.ok(posts.length <= 25, `${posts.length} posts for 500 deletes`);
    // Every one is in the text the posts carry, by its message id.
    const text = posts.flatMap(filesOf).map((f) => f.text).join('\n') + JSON.stringify(posts.map((p) => p.body.embeds));
    assert.ok(ids.every((id) => text.includes(id)));
    assert.equal(fake.requests.filter((r) => r.status === 429).length, 0);
  });

  await t.test('another guild: logging off there caches nothing, and its events never reach this log', async () => {
    const other = fake.addGuild({ name: 'Other', channels: [{ name: 'elsewhere' }], members: [{ user: member }] });
    const elsewhere = other.channels[0]?.id ?? '';
    const message = fake.sendMessage({ channel_id: elsewhere, author: member, content: 'in the other guild' });
    const marker = fake.sendMessage({ channel_id: channelId, author: member, content: 'isolation marker' });
    await cached(log, marker.id);
    assert.equal(log.messages.sizeOf(other.id), 0);
    fake.deleteMessage(message.id);
    fake.deleteMessage(marker.id);
    await waitForEmbed(world, logChannel, (e) => e.description === 'isolation marker');
    assert.ok(!embedsIn(world, logChannel).some((e) => e.description?.includes('other guild') || field(e, 'Channel') === `<#${elsewhere}>`));
    // Its own log channel gets its own entries only.
    const otherLog = fake.addChannel(other.id, { name: 'other-log' }).id;
    await configure(world, other.id, { message_channel_id: otherLog });
    const mine = fake.sendMessage({ channel_id: elsewhere, author: member, content: 'other guild, logged' });
    await cached(log, mine.id);
    fake.deleteMessage(mine.id);
    await waitForEmbed(world, otherLog, (e) => e.description === 'other guild, logged');
    assert.ok(embedsIn(world, otherLog).every((e) => field(e, 'Channel') === `<#${elsewhere}>`));
    assert.ok(!embedsIn(world, logChannel).some((e) => e.description === 'other guild, logged'));
  });

  await t.test('a log channel that is gone is reported once and not retried on every entry', async () => {
    const doomed = fake.addChannel(guild.id, { name: 'doomed-log' }).id;
    await configure(world, guild.id, { message_channel_id: doomed });
    fake.deleteChannel(doomed);
    const posted = () => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${doomed}/messages`);
    for (let i = 0; i < 3; i++) {
      const message = fake.sendMessage({ channel_id: channelId, author: member, content: `lost ${i}` });
      await cached(log, message.id);
      fake.deleteMessage(message.id);
      await eventually(() => assert.equal(posted().length, 1));
    }
    await eventually(() => assert.equal(Math.min(log.stats().dropped, 3), 3));
    assert.deepEqual(
      posted().map((r) => r.status),
      [404],
    );
    const faults = async () => {
      const res = await world.request('GET', `/api/guilds/${guild.id}/events/faults`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items as { channel_id: string; settings: string[]; status: number; code: string }[];
    };
    await eventually(async () => assert.deepEqual((await faults()).map(({ channel_id, settings, status, code }) => ({ channel_id, settings, status, code })), [{ channel_id: doomed, settings: ['message_channel_id'], status: 404, code: '10003' }]));
    const other = fake.addGuild({ name: 'Faultless', channels: [{ name: 'general' }] });
    await eventually(async () => assert.deepEqual((await world.request('GET', `/api/guilds/${other.id}/events/faults`)).body.items, [], 'another guild has no faults of this one'));
    await configure(world, guild.id, { message_channel_id: logChannel });
    assert.deepEqual(await faults(), [], 'a channel no longer chosen is not reported');
  });
});
