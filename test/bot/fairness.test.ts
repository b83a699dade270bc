// Each guild is a tenant: a flood of commands in one guild spends that guild's budget, not everyone's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGuildLanes } from '../../src/bot/guild-lanes.ts';
import { request as plainRequest } from '../support/app.ts';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';

const METRICS_TOKEN = 'metrics-token-0123456789';

test('a lane runs a guild’s work within its budget and drops what would wait beyond it', async () => {
  const lanes = createGuildLanes({ ratePerSecond: 100, burst: 3, concurrency: 2, sweepAbove: 2 });
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const work = () =>
    new Promise<void>((done) => {
      running++;
      most = Math.max(most, running);
      releases.push(() => {
        running--;
        done();
      });
    });
  const runs = Array.from({ length: 8 }, () => lanes.run('a', work));
  // Two run (its concurrency), three wait (its burst), the other three are dropped at once.
  assert.deepEqual((await Promise.all(runs.slice(5))).map(String), ['false', 'false', 'false']);
  assert.equal(running, 2);
  // Another guild's lane is its own: it starts at once, beside guild a's full lane.
  const other = lanes.run('b', work);
  await new Promise(setImmediate);
  assert.equal(running, 3);
  // Release each as it starts: the waiting ones run in turn, never more than two of guild a at once.
  let results: boolean[] | undefined;
  void Promise.all([...runs.slice(0, 5), other]).then((all) => {
    results = all;
  });
  await eventually(() => {
    for (const release of releases.splice(0)) release();
    assert.ok(results);
  });
  assert.deepEqual(results?.map(String), Array(6).fill('true'));
  assert.equal(most, 3);
  // Idle lanes are forgotten once their budget has refilled, when a new guild comes and there are many.
  await new Promise((done) => setTimeout(done, 50));
  assert.equal(lanes.size, 2);
  assert.equal(await lanes.run('c', async () => {}), true);
  assert.equal(lanes.size, 1);
});

test('a flood of commands in one guild does not hold up another guild’s reply, and is capped', async (t) => {
  const rate = 5;
  const burst = 10;
  // Discord's 50 requests a second: answering the whole flood first would take six seconds.
  const world = await startBotApp(t, { fake: { globalRateLimit: 50 }, env: { METRICS_TOKEN, GUILD_COMMAND_RATE: String(rate), GUILD_COMMAND_BURST: String(burst) } });
  const { fake, member, channelId } = world;
  const quiet = fake.addGuild({ name: 'Quiet', channels: [{ name: 'lobby' }], members: [{ user: member }] });
  const lobby = quiet.channels[0]?.id ?? '';
  for (const guildId of [world.guild.id, quiet.id]) {
    assert.equal((await world.request('POST', '/api/commands', { guild_id: guildId, name: 'hello', response: 'Hello {user}' })).status, 201);
  }
  await world.say('!hello');
  const repliesIn = (guildChannels: string[]) => fake.sentMessages.filter((m) => guildChannels.includes(m.channel_id)).length;
  const before = repliesIn([channelId]);

  // Across channels, as a raid is: each channel's replies are a queue of their own at Discord, so
  // only the global limit, shared by every guild, holds them back.
  const channels = [channelId, ...Array.from({ length: 9 }, (_, i) => fake.addChannel(world.guild.id, { name: `raid-${i}` }).id)];
  const started = performance.now();
  const flood = 300;
  for (let i = 0; i < flood; i++) fake.sendMessage({ channel_id: channels[i % channels.length] ?? channelId, author: member, content: `!hello ${i}` });
  // Once the flood is in (all of it read and queued, were it served first come, first served)...
  await new Promise((done) => setTimeout(done, 300));
  const floodBefore = repliesIn(channels);
  const asked = fake.sendMessage({ channel_id: lobby, author: member, content: '!hello' });
  await fake.waitForMessage((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === asked.id, { timeout: 15_000 });
  // ...the quiet guild's reply goes out next, not after the flood's backlog at 50 requests a second.
  const floodMeanwhile = repliesIn(channels) - floodBefore;
  assert.ok(floodMeanwhile <= 5, `the quiet guild's reply waited for ${floodMeanwhile} of the flood's`);

  // The flood gets its budget: a burst, what waited, and its rate since; the rest is dropped and counted.
  await new Promise((done) => setTimeout(done, 1_000));
  const seconds = (performance.now() - started) / 1_000;
  const answered = repliesIn(channels) - before;
  assert.ok(answered >= burst, `the flood's first ${burst} are answered (got ${answered})`);
  assert.ok(answered <= 2 * burst + Math.ceil(rate * seconds), `at most its budget is answered: ${answered} in ${seconds.toFixed(1)} s`);
  await eventually(async () => {
    const metrics = await plainRequest(world.url, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` });
    const shed = Number(/^concord_commands_shed_total (\d+)/m.exec(String(metrics.body))?.[1]);
    assert.ok(shed >= flood - 2 * burst - Math.ceil(rate * seconds), `dropped: ${shed}`);
  });
});
