// "Is channel X in guild G": answered from the gateway's guild data where the process has it, else by
// Discord's GET /channels/{id} (cached briefly); Discord's refusals are answers, its outages are errors.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type TestContext, test } from 'node:test';
import { Client, GatewayDispatchEvents } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { type SessionInfo, WebSocketManager } from '@discordjs/ws';
import { createChannelOwnership } from '../../../src/features/channels/ownership.ts';
import { BASE_INTENTS, intentBits } from '../../../src/module-kit/intents.ts';
import { startFakeDiscord } from '../../support/fake-discord/index.ts';

const token = 'fake-bot-token-ownership';

async function startWorld(t: TestContext) {
  const fake = await startFakeDiscord({ token, heartbeatInterval: 1_000 });
  t.after(() => fake.close());
  const ours = fake.addGuild({ name: 'Ours', channels: [{ name: 'general' }, { name: 'news' }] });
  const theirs = fake.addGuild({ name: 'Theirs', channels: [{ name: 'secret' }] });
  const lookups = () => fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/channels/')).length;
  return { fake, ours, theirs, lookups, channel: (guild: typeof ours, i = 0) => guild.channels[i]?.id ?? '' };
}

/** A gateway connection wired as the bot wires it, with `observe` before connecting. */
async function connect(t: TestContext, apiUrl: string, observe: (client: Client) => void): Promise<Client> {
  const rest = new REST({ api: apiUrl, version: '10' }).setToken(token);
  const sessions = new Map<number, SessionInfo>();
  const gateway = new WebSocketManager({
    token,
    intents: intentBits(BASE_INTENTS),
    rest,
    retrieveSessionInfo: (shardId) => sessions.get(shardId) ?? null,
    updateSessionInfo: (shardId, info) => void (info ? sessions.set(shardId, info) : sessions.delete(shardId)),
    buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }),
  });
  const client = new Client({ rest, gateway });
  observe(client);
  // Both guilds' GUILD_CREATEs, which may arrive in one tick.
  let seen = 0;
  const guilds = new Promise<void>((resolve) => client.on(GatewayDispatchEvents.GuildCreate, () => ++seen === 2 && resolve()));
  t.after(() => gateway.destroy());
  await gateway.connect();
  await guilds;
  return client;
}

test('with a gateway: the guild data answers, kept current by CHANNEL_CREATE and CHANNEL_DELETE, without asking REST', async (t) => {
  const { fake, ours, theirs, lookups, channel } = await startWorld(t);
  const channels = createChannelOwnership({ token, apiUrl: fake.apiUrl });
  const client = await connect(t, fake.apiUrl, (c) => channels.observe(c));

  assert.deepEqual(await channels.check(channel(ours), ours.id), { ok: true });
  assert.deepEqual(await channels.check(channel(theirs), ours.id), { ok: false, reason: `channel ${channel(theirs)} is not in guild ${ours.id}` });

  const created = once(client, GatewayDispatchEvents.ChannelCreate);
  const added = fake.addChannel(ours.id, { name: 'later' });
  await created;
  assert.deepEqual(await channels.check(added.id, ours.id), { ok: true });

  const deleted = once(client, GatewayDispatchEvents.ChannelDelete);
  const news = channel(ours, 1);
  fake.deleteChannel(news);
  await deleted;
  assert.deepEqual(await channels.check(news, ours.id), { ok: false, reason: `the bot cannot see channel ${news}: the channel was deleted` });
  assert.equal(lookups(), 0, 'no GET /channels/{id}: the gateway knew');

  // A new session (not resumable) brings every GUILD_CREATE again: the index is written over.
  let again = 0;
  const recreated = new Promise<void>((resolve) => client.on(GatewayDispatchEvents.GuildCreate, () => ++again === 2 && resolve()));
  fake.invalidateSession(0, false);
  await recreated;
  assert.deepEqual(await channels.check(added.id, ours.id), { ok: true });
  assert.deepEqual(await channels.check(channel(theirs), ours.id), { ok: false, reason: `channel ${channel(theirs)} is not in guild ${ours.id}` });
  assert.equal(lookups(), 0, 'still no GET /channels/{id}');
});

test('without a gateway (api-only): GET /channels/{id}, cached briefly; 404 and 403 are refusals with the reason', async (t) => {
  const { fake, ours, theirs, lookups, channel } = await startWorld(t);
  let now = 1_000_000;
  const channels = createChannelOwnership({ token, apiUrl: fake.apiUrl, ttlMs: 60_000, now: () => now });
  assert.equal(channels.canCheck, true);

  assert.deepEqual(await Promise.all([channels.check(channel(ours), ours.id), channels.check(channel(ours), ours.id)]), [{ ok: true }, { ok: true }]);
  assert.equal(lookups(), 1, 'two checks at once ask once');
  assert.deepEqual(await channels.check(channel(theirs), ours.id), { ok: false, reason: `channel ${channel(theirs)} is not in guild ${ours.id}` });
  assert.deepEqual(await channels.check('100000000000000999', ours.id), {
    ok: false,
    reason: 'the bot cannot see channel 100000000000000999: 404 Unknown Channel (10003)',
  });
  fake.forbiddenChannels.add(channel(ours, 1));
  assert.deepEqual(await channels.check(channel(ours, 1), ours.id), { ok: false, reason: `the bot cannot see channel ${channel(ours, 1)}: 403 Missing Access (50001)` });
  assert.equal(lookups(), 4);

  const general = channel(ours);
  fake.deleteChannel(general);
  assert.deepEqual(await channels.check(general, ours.id), { ok: true }, 'still the cached answer');
  now += 60_001;
  assert.deepEqual(await channels.check(general, ours.id), { ok: false, reason: `the bot cannot see channel ${general}: 404 Unknown Channel (10003)` }, 'asked again once old');
  assert.equal(lookups(), 5);
});

test('a DM channel is outside every guild; Discord failing is an error, not an answer; no token, no checks', async (t) => {
  const { fake, ours, channel } = await startWorld(t);
  const channels = createChannelOwnership({ token, apiUrl: fake.apiUrl });
  const user = fake.createUser({ username: 'dee' });
  const dm = fake.dmChannelFor(user.id);
  assert.deepEqual(await channels.check(dm.id, null), { ok: true });
  assert.deepEqual(await channels.check(dm.id, ours.id), { ok: false, reason: `channel ${dm.id} is not in guild ${ours.id}` });
  assert.deepEqual(await channels.check(channel(ours), null), { ok: false, reason: `channel ${channel(ours)} is not a direct message channel` });

  fake.failNext({ method: 'GET', path: `/channels/${channel(ours, 1)}`, status: 500, count: 10 });
  await assert.rejects(channels.check(channel(ours, 1), ours.id));
  assert.equal(createChannelOwnership({ token: undefined, apiUrl: fake.apiUrl }).canCheck, false);
});
