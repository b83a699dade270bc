// Proves the fake Discord against the real discord.js libraries the bot uses.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { type TestContext, test } from 'node:test';
import { API, Client, GatewayDispatchEvents, GatewayIntentBits, type MappedEvents } from '@discordjs/core';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type SessionInfo, WebSocketManager } from '@discordjs/ws';
import { type APIMessage, ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import { type FakeDiscord, routes, startFakeDiscord } from './fake-discord/index.ts';

const token = 'fake-bot-token';
const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent | GatewayIntentBits.DirectMessages;

async function startFake(t: TestContext): Promise<FakeDiscord> {
  // No identify window: these tests re-identify at once; the window has its own test below.
  const fake = await startFakeDiscord({ token, heartbeatInterval: 1_000, identifyWindowMs: 0 });
  t.after(() => fake.close());
  return fake;
}

/** A guild with one text channel and one human member. */
function seedGuild(fake: FakeDiscord) {
  const alice = fake.createUser({ username: 'alice', global_name: 'Alice' });
  const guild = fake.addGuild({ name: 'Test Guild', members: [{ user: alice }], channels: [{ name: 'general' }] });
  const channel = guild.channels[0];
  assert.ok(channel);
  return { alice, guild, channel };
}

function createRest(fake: FakeDiscord): REST {
  return new REST({ api: fake.apiUrl }).setToken(token);
}

/** The bot's side, wired as the bot wires it; destroyed before the fake closes. */
async function connectBot(t: TestContext, fake: FakeDiscord) {
  const rest = createRest(fake);
  // Our own session store: the default one is module-global and would leak sessions between managers.
  const sessions = new Map<number, SessionInfo>();
  const gateway = new WebSocketManager({
    token,
    intents,
    rest,
    helloTimeout: 5_000,
    readyTimeout: 5_000,
    retrieveSessionInfo: (shardId) => sessions.get(shardId) ?? null,
    updateSessionInfo: (shardId, info) => void (info ? sessions.set(shardId, info) : sessions.delete(shardId)),
    // The default throttler waits ~5 s between IDENTIFYs of a shard; these fakes have no identify window.
    buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }),
  });
  const client = new Client({ rest, gateway });
  const ready = nextEvent(client, GatewayDispatchEvents.Ready);
  const guildCreate = nextEvent(client, GatewayDispatchEvents.GuildCreate);
  t.after(() => gateway.destroy());
  await gateway.connect();
  return { client, rest, gateway, ready: await ready, guildCreate: await guildCreate };
}

/** The next dispatch of `event` (matching `predicate`) the client emits. */
function nextEvent<E extends keyof MappedEvents>(client: Client, event: E, predicate: (...args: MappedEvents[E]) => boolean = () => true, timeout = 5_000): Promise<MappedEvents[E][0]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: MappedEvents[E]) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      client.off(event, listener as never);
      resolve(args[0]);
    };
    const timer = setTimeout(() => {
      client.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeout}ms`));
    }, timeout);
    // Client's overloads are per event name; a generic E cannot pick one.
    client.on(event, listener as never);
  });
}

const messageWithId =
  (id: string) =>
  ({ data }: { data: APIMessage }): boolean =>
    data.id === id;

test('every route the fake serves is in Discord\'s published API', async () => {
  const spec = JSON.parse(await readFile('/work/shared/discord-api/routes.json', 'utf8')) as { routes: Record<string, string[]> };
  const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
  const published = new Map(Object.entries(spec.routes).map(([path, methods]) => [shape(path), methods]));
  const missing = routes.filter((route) => !published.get(shape(route.path))?.includes(route.method)).map((r) => `${r.method} ${r.path}`);
  // The OpenAPI spec leaves out the OAuth2 token exchange, documented at
  // https://discord.com/developers/docs/topics/oauth2#authorization-code-grant-access-token-exchange-example
  assert.deepEqual(missing, ['POST /oauth2/token']);
});

test('the bot connects, sees a user\'s message and its reply lands in sentMessages', async (t) => {
  const fake = await startFake(t);
  const { alice, guild, channel } = seedGuild(fake);
  const { client, ready, guildCreate } = await connectBot(t, fake);

  assert.equal(ready.data.v, 10);
  assert.equal(ready.data.user.id, fake.botUser.id);
  assert.deepEqual(ready.data.guilds, [{ id: guild.id, unavailable: true }]);
  assert.deepEqual(ready.data.shard, [0, 1]);
  assert.equal(guildCreate.data.id, guild.id);
  assert.equal(fake.identifyCount, 1);

  const received = nextEvent(client, GatewayDispatchEvents.MessageCreate, ({ data }) => data.author.id === alice.id);
  const sent = fake.sendMessage({ channel_id: channel.id, author: alice, content: 'hello bot' });
  const { data } = await received;
  assert.equal(data.id, sent.id);
  assert.equal(data.content, 'hello bot');
  assert.equal(data.guild_id, guild.id);
  assert.deepEqual(data.member?.roles, []);

  const echoed = nextEvent(client, GatewayDispatchEvents.MessageCreate, ({ data }) => data.author.id === fake.botUser.id);
  const reply = await client.api.channels.createMessage(channel.id, {
    content: `hi <@${alice.id}>`,
    message_reference: { message_id: sent.id },
    allowed_mentions: { parse: [], replied_user: false },
  });
  const recorded = await fake.waitForMessage((m) => m.message.id === reply.id);
  assert.equal(recorded.channel_id, channel.id);
  assert.deepEqual(recorded.body.allowed_mentions, { parse: [], replied_user: false });
  assert.equal(reply.referenced_message?.id, sent.id);
  assert.deepEqual(reply.mentions, [], 'allowed_mentions.parse=[] pings nobody');
  assert.equal((await echoed).data.id, reply.id, 'Discord echoes the bot\'s own messages');
});

test('op 7 reconnect: the library resumes and gets the message sent while it was away', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const { client } = await connectBot(t, fake);

  const disconnected = fake.waitFor('disconnect');
  const resumed = fake.waitFor('resume');
  fake.requestReconnect();
  await disconnected;
  const missed = fake.sendMessage({ channel_id: channel.id, author: alice, content: 'sent while away' });
  const delivered = nextEvent(client, GatewayDispatchEvents.MessageCreate, messageWithId(missed.id));
  const resume = await resumed;
  assert.equal((await delivered).data.content, 'sent while away');
  assert.ok(resume.replayed >= 1);
  assert.equal(fake.resumeCount, 1);
  assert.equal(fake.identifyCount, 1);
});

test('a dropped connection is resumed', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const { client } = await connectBot(t, fake);

  const disconnected = fake.waitFor('disconnect');
  const resumed = fake.waitFor('resume');
  fake.dropConnection();
  assert.equal((await disconnected).code, 1006);
  const missed = fake.sendMessage({ channel_id: channel.id, author: alice, content: 'still here?' });
  const delivered = nextEvent(client, GatewayDispatchEvents.MessageCreate, messageWithId(missed.id));
  await resumed;
  await delivered;
  assert.equal(fake.resumeCount, 1);
  assert.equal(fake.identifyCount, 1);
});

test('op 9 that is not resumable makes the library identify again', async (t) => {
  const fake = await startFake(t);
  seedGuild(fake);
  const { client, ready } = await connectBot(t, fake);

  const identified = fake.waitFor('identify');
  const readyAgain = nextEvent(client, GatewayDispatchEvents.Ready);
  fake.invalidateSession(0, false);
  const identify = await identified;
  assert.notEqual(identify.session_id, ready.data.session_id);
  assert.equal((await readyAgain).data.session_id, identify.session_id);
  assert.equal(fake.identifyCount, 2);
  assert.equal(fake.resumeCount, 0);
});

test('a 429 on createMessage is retried by @discordjs/rest and sends exactly one message', async (t) => {
  const fake = await startFake(t);
  const { channel } = seedGuild(fake);
  const api = new API(createRest(fake));
  const path = `/channels/${channel.id}/messages`;
  fake.failNext({ method: 'POST', path, status: 429, retryAfter: 0.1 });

  await api.channels.createMessage(channel.id, { content: 'once' });
  assert.equal(fake.sentMessages.length, 1);
  const attempts = fake.requests.filter((r) => r.method === 'POST' && r.path === path);
  assert.deepEqual(attempts.map((r) => r.status), [429, 200]);
});

test('REST answers with Discord\'s status codes, error bodies and rate-limit headers', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const bot = { Authorization: `Bot ${token}`, 'Content-Type': 'application/json' };
  const post = (channelId: string, body: unknown) => fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, { method: 'POST', headers: bot, body: JSON.stringify(body) });
  const expectError = async (response: Response, status: number, body: Record<string, unknown>) => {
    assert.equal(response.status, status);
    assert.deepEqual(await response.json(), body);
  };

  const unauthorized = await fetch(`${fake.apiUrl}/v10/users/@me`);
  await expectError(unauthorized, 401, { message: '401: Unauthorized', code: 0 });
  await expectError(await fetch(`${fake.apiUrl}/v10/nope`, { headers: bot }), 404, { message: '404: Not Found', code: 0 });
  await expectError(await post('1', { content: 'x' }), 404, { message: 'Unknown Channel', code: 10003 });
  const tooLong = await post(channel.id, { content: 'x'.repeat(2_001) });
  assert.equal(tooLong.status, 400);
  const tooLongBody = (await tooLong.json()) as { code: number; errors: unknown };
  assert.equal(tooLongBody.code, 50035);
  assert.ok(tooLongBody.errors);
  fake.forbiddenChannels.add(channel.id);
  await expectError(await post(channel.id, { content: 'x' }), 403, { message: 'Missing Access', code: 50001 });

  fake.closedDms.add(alice.id);
  const dm = await fetch(`${fake.apiUrl}/v10/users/@me/channels`, { method: 'POST', headers: bot, body: JSON.stringify({ recipient_id: alice.id }) });
  const dmChannel = (await dm.json()) as { id: string; type: number };
  assert.equal(dmChannel.type, 1);
  await expectError(await post(dmChannel.id, { content: 'x' }), 403, { message: 'Cannot send messages to this user', code: 50007 });

  const me = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: bot });
  for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after', 'x-ratelimit-bucket']) {
    assert.ok(me.headers.get(header), `${header} is set`);
  }

  fake.failNext({ path: '/users/@me', status: 429, retryAfter: 2.5, global: true });
  const limited = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: bot });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '3');
  assert.equal(limited.headers.get('x-ratelimit-global'), 'true');
  assert.equal(limited.headers.get('x-ratelimit-scope'), 'global');
  assert.deepEqual(await limited.json(), { message: 'You are being rate limited.', retry_after: 2.5, global: true });
});

test('enforce_nonce: the same nonce in the same channel returns the first message; elsewhere, or without enforce_nonce, a new one', async (t) => {
  const fake = await startFake(t);
  const { guild, channel } = seedGuild(fake);
  const other = fake.addChannel(guild.id, { name: 'other' }).id;
  const bot = { Authorization: `Bot ${token}`, 'Content-Type': 'application/json' };
  const post = async (channelId: string, body: unknown) => (await (await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, { method: 'POST', headers: bot, body: JSON.stringify(body) })).json()) as { id: string };
  const first = await post(channel.id, { content: 'once', nonce: 'n-1', enforce_nonce: true });
  assert.equal((await post(channel.id, { content: 'once again', nonce: 'n-1', enforce_nonce: true })).id, first.id);
  assert.notEqual((await post(other, { content: 'elsewhere', nonce: 'n-1', enforce_nonce: true })).id, first.id);
  assert.notEqual((await post(channel.id, { content: 'not enforced', nonce: 'n-1' })).id, first.id);
  assert.equal(fake.sentMessages.filter((m) => m.body.nonce === 'n-1').length, 3);
});

test('files: a multipart message gets its attachments; more than 10 files, or one over 10 MiB, is refused', async (t) => {
  const fake = await startFake(t);
  const { channel } = seedGuild(fake);
  const api = new API(createRest(fake));
  const file = (name: string, data: string | Buffer) => ({ name, data: typeof data === 'string' ? Buffer.from(data) : data, contentType: 'text/plain' });
  const message = await api.channels.createMessage(channel.id, { content: 'logs', files: [file('a.txt', 'first'), file('b.txt', 'second')] });
  assert.deepEqual(
    message.attachments.map((a) => [a.filename, a.size]),
    [
      ['a.txt', 5],
      ['b.txt', 6],
    ],
  );
  assert.deepEqual(
    ((fake.sentMessages.at(-1)?.body.files ?? []) as { name: string; text: string }[]).map((f) => [f.name, f.text]),
    [
      ['a.txt', 'first'],
      ['b.txt', 'second'],
    ],
  );
  const many = await api.channels.createMessage(channel.id, { files: Array.from({ length: 11 }, (_, i) => file(`${i}.txt`, 'x')) }).catch((error: unknown) => error);
  assert.ok(many instanceof DiscordAPIError && many.status === 400 && many.code === 30015, String(many));
  const big = await api.channels.createMessage(channel.id, { files: [file('big.txt', Buffer.alloc(10 * 1_048_576 + 1))] }).catch((error: unknown) => error);
  assert.ok(big instanceof DiscordAPIError && big.status === 413 && big.code === 40005, String(big));
});

test('embeds and buttons over Discord\'s limits are refused with 50035 naming the field', async (t) => {
  const fake = await startFake(t);
  const { channel } = seedGuild(fake);
  const post = async (body: unknown) => {
    const res = await fetch(`${fake.apiUrl}/v10/channels/${channel.id}/messages`, { method: 'POST', headers: { Authorization: `Bot ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { code?: number; errors?: Record<string, unknown> } };
  };
  const title = await post({ embeds: [{ title: 'x'.repeat(257) }] });
  assert.equal(title.status, 400);
  assert.equal(title.body.code, 50035);
  assert.deepEqual(title.body.errors, { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } } } });
  const total = await post({ embeds: [{ description: 'x'.repeat(4_000) }, { description: 'y'.repeat(2_001) }] });
  assert.deepEqual(total.body.errors, { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] } });
  const field = await post({ embeds: [{ fields: [{ name: 'a', value: 'v'.repeat(1_025) }] }] });
  assert.deepEqual(field.body.errors, { embeds: { 0: { fields: { 0: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 1024 or fewer in length.' }] } } } } } });
  const wide = await post({ content: 'x', components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: 'b', custom_id: `b${i}` })) }] });
  assert.equal(wide.status, 400);
  const link = await post({ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 5, label: 'l', url: 'javascript:alert(1)' }] }] });
  assert.deepEqual(link.body.errors, { components: { 0: { components: { 0: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } } } } });
  const fine = await post({ embeds: [{ title: 't', fields: [{ name: 'n', value: 'v' }] }], components: [{ type: 1, components: [{ type: 2, style: 5, label: 'Docs', url: 'https://example.com' }] }] });
  assert.equal(fine.status, 200);
});

test('a string select fills its row alone, 1-25 unique options, max_values within them', async (t) => {
  const fake = await startFake(t);
  const { channel } = seedGuild(fake);
  const post = async (select: Record<string, unknown>, extra: unknown[] = []) => {
    const body = { content: 'x', components: [{ type: 1, components: [{ type: 3, custom_id: 's', options: [{ label: 'a', value: 'a' }, { label: 'b', value: 'b' }], ...select }, ...extra] }] };
    const res = await fetch(`${fake.apiUrl}/v10/channels/${channel.id}/messages`, { method: 'POST', headers: { Authorization: `Bot ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { errors?: Record<string, unknown> } };
  };
  assert.equal((await post({ min_values: 0, max_values: 2 })).status, 200);
  assert.deepEqual(Object.keys((await post({ max_values: 3 })).body.errors?.components as object), ['0']);
  assert.equal((await post({ options: [{ label: 'a', value: 'a' }, { label: 'b', value: 'a' }] })).status, 400);
  assert.equal((await post({}, [{ type: 2, style: 1, label: 'b', custom_id: 'b' }])).status, 400);
});

test('member roles: given and taken under Discord\'s rules (Manage Roles, below the bot, not managed)', async (t) => {
  const fake = await startFake(t);
  const alice = fake.createUser({ username: 'alice' });
  const guild = fake.addGuild({
    name: 'Roles',
    roles: [
      { id: '950000000000000001', name: 'Low' },
      { id: '950000000000000002', name: 'Bot-only', managed: true },
      { id: '950000000000000003', name: 'Bot', permissions: 1n << 28n },
      { id: '950000000000000004', name: 'High' },
    ],
    members: [{ user: alice }],
    botRoles: ['950000000000000003'],
  });
  const rest = createRest(fake);
  const api = new API(rest);
  await api.guilds.addRoleToMember(guild.id, alice.id, '950000000000000001', { reason: 'test' });
  assert.deepEqual(fake.member(guild.id, alice.id)?.roles, ['950000000000000001']);
  const code = async (roleId: string, userId = alice.id) => api.guilds.addRoleToMember(guild.id, userId, roleId).then(() => 0, (e: DiscordAPIError) => Number(e.code));
  assert.equal(await code('950000000000000002'), 50013, 'managed');
  assert.equal(await code('950000000000000003'), 50013, "the bot's own (not below it)");
  assert.equal(await code('950000000000000004'), 50013, 'above the bot');
  assert.equal(await code('950000000000000099'), 10011, 'unknown role');
  assert.equal(await code('950000000000000001', '950000000000000098'), 10007, 'unknown member');
  await api.guilds.removeRoleFromMember(guild.id, alice.id, '950000000000000001');
  assert.deepEqual(fake.member(guild.id, alice.id)?.roles, []);
  const put = fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/roles/950000000000000001'));
  assert.equal(put?.headers['x-audit-log-reason'], 'test');
});

test('GET /channels/{id} gives the channel and its guild, 404 10003 when gone, 403 50001 without access', async (t) => {
  const fake = await startFake(t);
  const { guild, channel } = seedGuild(fake);
  const { client, rest } = await connectBot(t, fake);
  const fetched = (await rest.get(`/channels/${channel.id}`)) as { id: string; guild_id: string };
  assert.equal(fetched.guild_id, guild.id);
  const refusal = (id: string) => rest.get(`/channels/${id}`).then(() => undefined, (error: unknown) => error);
  const missing = await refusal('100000000000000999');
  assert.ok(missing instanceof DiscordAPIError);
  assert.deepEqual([missing.status, missing.code, missing.message], [404, 10003, 'Unknown Channel']);

  const created = nextEvent(client, GatewayDispatchEvents.ChannelCreate);
  const added = fake.addChannel(guild.id, { name: 'news' });
  assert.deepEqual([(await created).data.id, (await created).data.guild_id], [added.id, guild.id]);
  fake.forbiddenChannels.add(added.id);
  const hidden = await refusal(added.id);
  assert.ok(hidden instanceof DiscordAPIError);
  assert.deepEqual([hidden.status, hidden.code, hidden.message], [403, 50001, 'Missing Access']);

  const deleted = nextEvent(client, GatewayDispatchEvents.ChannelDelete);
  fake.deleteChannel(channel.id);
  assert.equal((await deleted).data.id, channel.id);
  const gone = await refusal(channel.id);
  assert.ok(gone instanceof DiscordAPIError);
  assert.deepEqual([gone.status, gone.code], [404, 10003]);
});

test('slash commands: registration, reply, double acknowledgement, follow-up and edit', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const api = new API(createRest(fake));
  const [ping] = await api.applicationCommands.bulkOverwriteGlobalCommands(fake.applicationId, [
    { name: 'ping', description: 'Replies with pong', options: [{ name: 'loud', description: 'Shout', type: ApplicationCommandOptionType.Boolean }] },
  ]);
  assert.ok(ping?.id);
  assert.equal(fake.commandOverwrites.length, 1);
  await assert.rejects(api.applicationCommands.bulkOverwriteGlobalCommands(fake.applicationId, [{ name: 'Bad Name', description: 'x' }]), (error: unknown) => error instanceof DiscordAPIError && error.code === 50035);

  const interaction = fake.sendInteraction({ channel_id: channel.id, user: alice, name: 'ping', options: [{ name: 'loud', type: ApplicationCommandOptionType.Boolean, value: true }] });
  assert.equal(interaction.member?.user.id, alice.id);
  assert.equal(typeof interaction.member?.permissions, 'string');

  await api.interactions.reply(interaction.id, interaction.token, { content: 'pong', flags: MessageFlags.Ephemeral });
  const response = await fake.waitForInteractionResponse((r) => r.interaction_id === interaction.id);
  assert.equal(response.type, InteractionResponseType.ChannelMessageWithSource);
  assert.equal(response.message?.content, 'pong');
  await assert.rejects(api.interactions.reply(interaction.id, interaction.token, { content: 'again' }), (error: unknown) => error instanceof DiscordAPIError && error.code === 40060);
  await assert.rejects(api.interactions.reply(interaction.id, 'bad-token', { content: 'x' }), (error: unknown) => error instanceof DiscordAPIError && error.code === 10062);

  const followUp = await api.interactions.followUp(fake.applicationId, interaction.token, { content: 'more' });
  assert.equal(followUp.content, 'more');
  const edited = await api.interactions.editReply(fake.applicationId, interaction.token, { content: 'PONG' });
  assert.equal(edited.content, 'PONG');
  assert.deepEqual(fake.interactionResponses.map((r) => r.kind), ['callback', 'followup', 'edit-original']);
});

test('delayNext slows only the matching requests; a first response past 3 s finds the interaction gone', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const api = new API(createRest(fake));
  await api.applicationCommands.bulkOverwriteGlobalCommands(fake.applicationId, [{ name: 'ping', description: 'Replies with pong' }]);
  const late = fake.sendInteraction({ channel_id: channel.id, user: alice, name: 'ping' });
  fake.delayNext({ method: 'POST', path: `/interactions/${late.id}/${late.token}/callback`, ms: 3_100 });
  await assert.rejects(api.interactions.reply(late.id, late.token, { content: 'too late' }), (error: unknown) => error instanceof DiscordAPIError && error.code === 10062);
  const onTime = fake.sendInteraction({ channel_id: channel.id, user: alice, name: 'ping' });
  await api.interactions.reply(onTime.id, onTime.token, { content: 'pong' });
  assert.deepEqual(fake.interactionResponses.map((r) => r.message?.content), ['pong'], 'the delay was used up by the late one');
});

test('a deferred interaction is answered by the edit that fills in its placeholder', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const api = new API(createRest(fake));
  await api.applicationCommands.bulkOverwriteGlobalCommands(fake.applicationId, [{ name: 'ping', description: 'Replies with pong' }]);
  const interaction = fake.sendInteraction({ channel_id: channel.id, user: alice, name: 'ping' });
  const reply = fake.waitForInteractionReply(interaction.id);
  await api.interactions.defer(interaction.id, interaction.token, { flags: MessageFlags.Ephemeral });
  await api.interactions.editReply(fake.applicationId, interaction.token, { content: 'late pong' });
  const answer = await reply;
  assert.equal(answer.type, InteractionResponseType.ChannelMessageWithSource);
  assert.deepEqual(answer.body.data, { flags: MessageFlags.Ephemeral, content: 'late pong' });
});

test('OAuth2: authorize redirects with a one-use code that buys a Bearer token', async (t) => {
  const fake = await startFake(t);
  const redirectUri = 'http://localhost:3000/auth/callback';
  const guildId = '123456789012345678';
  fake.oauthUser = { user: fake.createUser({ username: 'admin' }), guilds: [{ id: guildId, name: 'Mine', permissions: '8', owner: true }] };
  const authorize = (query: Record<string, string>) => fetch(`${fake.origin}/oauth2/authorize?${new URLSearchParams(query)}`, { redirect: 'manual' });
  const params = { client_id: fake.applicationId, redirect_uri: redirectUri, response_type: 'code', scope: 'identify guilds', state: 'xyz' };

  const consent = await authorize(params);
  assert.equal(consent.status, 302);
  const location = new URL(consent.headers.get('location') ?? '');
  assert.equal(location.origin + location.pathname, redirectUri);
  assert.equal(location.searchParams.get('state'), 'xyz');
  const code = location.searchParams.get('code') ?? '';

  const exchange = () =>
    fetch(`${fake.apiUrl}/v10/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: fake.applicationId, client_secret: 'fake-client-secret' }),
    });
  const tokens = (await (await exchange()).json()) as { access_token: string; token_type: string; scope: string };
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal(tokens.scope, 'identify guilds');
  const reused = await exchange();
  assert.equal(reused.status, 400);
  assert.equal(((await reused.json()) as { error: string }).error, 'invalid_grant');

  const bearer = { Authorization: `Bearer ${tokens.access_token}` };
  const me = (await (await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: bearer })).json()) as { username: string };
  assert.equal(me.username, 'admin');
  const guilds = (await (await fetch(`${fake.apiUrl}/v10/users/@me/guilds`, { headers: bearer })).json()) as { id: string; owner: boolean; permissions: string }[];
  assert.deepEqual(guilds.map((g) => [g.id, g.owner, g.permissions]), [[guildId, true, '8']]);

  fake.denyConsent = true;
  const denied = new URL((await authorize(params)).headers.get('location') ?? '');
  assert.equal(denied.searchParams.get('error'), 'access_denied');
  assert.equal(denied.searchParams.get('state'), 'xyz');
});

test('IDENTIFY is checked like Discord: bad token 4004, bad shard 4010, content hidden without MESSAGE_CONTENT', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const identifyWith = async (d: Record<string, unknown>) => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    t.after(() => socket.terminate());
    await once(socket, 'message');
    socket.send(JSON.stringify({ op: 2, d: { properties: {}, intents: 0, ...d } }));
    return socket;
  };
  const closeCode = async (socket: WebSocket) => ((await once(socket, 'close')) as [number])[0];

  assert.equal(await closeCode(await identifyWith({ token: 'wrong' })), 4004);
  assert.equal(await closeCode(await identifyWith({ token, shard: [1, 1] })), 4010);

  const socket = await identifyWith({ token, intents: GatewayIntentBits.GuildMessages });
  const dispatches: { t: string; d: { content?: string } }[] = [];
  socket.on('message', (data) => dispatches.push(JSON.parse(String(data)) as { t: string; d: { content?: string } }));
  await fake.waitFor('identify');
  const sent = fake.sendMessage({ channel_id: channel.id, author: alice, content: 'secret' });
  const mention = fake.sendMessage({ channel_id: channel.id, author: alice, content: `<@${fake.botUser.id}> visible` });
  while (dispatches.filter((p) => p.t === 'MESSAGE_CREATE').length < 2) await once(socket, 'message');
  const contents = dispatches.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => p.d.content);
  assert.deepEqual(contents, ['', `<@${fake.botUser.id}> visible`], `${sent.id} is blanked, ${mention.id} mentions the bot`);
});

test('one IDENTIFY per bucket per 5 s across connections (op 9 beyond); buckets are shard_id % max_concurrency', async (t) => {
  const fake = await startFakeDiscord({ token, shards: 4, maxConcurrency: 2 });
  t.after(() => fake.close());
  const identify = async (shard: [number, number]) => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    t.after(() => socket.terminate());
    await once(socket, 'message');
    socket.send(JSON.stringify({ op: 2, d: { token, properties: {}, intents: 0, shard } }));
    return JSON.parse(String(((await once(socket, 'message')) as [Buffer])[0])) as { op: number; t?: string; d: unknown };
  };
  assert.equal((await identify([0, 4])).t, 'READY');
  assert.equal((await identify([1, 4])).t, 'READY', 'another bucket is free');
  assert.deepEqual(await identify([2, 4]), { op: 9, d: false }, 'shard 2 shares bucket 0 with shard 0');
  assert.equal(fake.identifyRateLimitedCount, 1);
  assert.equal(fake.identifyCount, 2);
});

test('a session the bot closed with 1000 cannot be resumed; one closed with another code can, with what it missed', async (t) => {
  const fake = await startFake(t);
  const { alice, channel } = seedGuild(fake);
  const open = async () => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    t.after(() => socket.terminate());
    await once(socket, 'message');
    return socket;
  };
  const next = async (socket: WebSocket) => JSON.parse(String(((await once(socket, 'message')) as [Buffer])[0])) as { op: number; t?: string; s?: number; d: { session_id?: string } };
  const sessionOf = async () => {
    const socket = await open();
    socket.send(JSON.stringify({ op: 2, d: { token, properties: {}, intents } }));
    const ready = await next(socket);
    return { socket, id: ready.d.session_id ?? '', seq: ready.s ?? 0 };
  };
  const resume = async (session: { id: string; seq: number }) => {
    const socket = await open();
    socket.send(JSON.stringify({ op: 6, d: { token, session_id: session.id, seq: session.seq } }));
    return next(socket);
  };

  const normal = await sessionOf();
  normal.socket.close(1000);
  await once(normal.socket, 'close');
  assert.deepEqual(await resume(normal), { op: 9, d: false });

  const kept = await sessionOf();
  kept.socket.close(4200);
  await once(kept.socket, 'close');
  // Sent while no connection holds the session: replayed on resume.
  fake.sendMessage({ channel_id: channel.id, author: alice, content: 'while away' });
  const replayed = await resume({ id: kept.id, seq: kept.seq + 1 });
  assert.equal(replayed.t, 'MESSAGE_CREATE');
});

test('close() is idempotent', async () => {
  const fake = await startFakeDiscord({ token });
  await fake.close();
  await fake.close();
});
