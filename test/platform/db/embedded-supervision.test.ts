// The embedded PostgreSQL dying under Concord: the postmaster killed outright during traffic, ten
// times in a row. Concord never crashes, answers 503 with Retry-After while the server is down (never
// a 500), starts the server again on the same data, and is ready again within 15 s each time.
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTraffic, unexpectedAnswers } from '../../support/api-traffic.ts';
import { startFakeWorld } from '../../support/bot.ts';
import { EMBEDDED_API_TOKEN, freshDataDir, runningPostmaster, serverProcesses, socketDirsOf, startConcord } from '../../support/embedded-concord.ts';
import { eventually } from '../../support/eventually.ts';
import { onTeardown } from '../../support/teardown.ts';

const auth = { authorization: `Bearer ${EMBEDDED_API_TOKEN}` };

async function isReady(url: string): Promise<boolean> {
  return (await fetch(`${url}/health/ready`)).status === 200;
}

test('the postmaster killed during traffic ten times in a row: 503 with Retry-After meanwhile, ready again within 15 s each time', { timeout: 240_000 }, async (t) => {
  const dataDir = await freshDataDir(t);
  const concord = startConcord(dataDir);
  onTeardown(t, () => void concord.child.kill('SIGKILL'));
  const url = await concord.listening;
  const assertAlive = (round: number) => assert.equal(concord.child.exitCode, null, `round ${round}: Concord exited:\n${concord.output().slice(-2_000)}`);

  for (let round = 1; round <= 10; round++) {
    const postmaster = await runningPostmaster(dataDir);
    const traffic = startTraffic(url, EMBEDDED_API_TOKEN, { names: `r${round}` });
    const { answers } = traffic;
    // Traffic in full flow before the kill.
    await eventually(() => assert.ok(answers.filter((a) => a.status < 300).length >= 20, `round ${round}: ${JSON.stringify(answers.slice(-5))}`), 30_000);

    process.kill(postmaster, 'SIGKILL');
    const countAtKill = answers.length;
    await eventually(() => {
      assertAlive(round);
      assert.ok(answers.slice(countAtKill).some((a) => a.status === 503), `round ${round}: no 503 after the kill`);
    }, 10_000, 5);
    // The bound: ready again within 15 s of the kill.
    await eventually(async () => {
      assertAlive(round);
      assert.ok(await isReady(url), 'the server is ready');
    }, 15_000, 50);
    // And the API works again: fresh successes after the server came back.
    const countAtReady = answers.length;
    await eventually(() => assert.ok(answers.slice(countAtReady).some((a) => a.status < 300), `round ${round}: ${JSON.stringify(answers.slice(-5))}`), 15_000);
    await traffic.stop();

    assertAlive(round);
    assert.deepEqual(unexpectedAnswers(answers), [], `round ${round}: answers other than a success or a 503 with Retry-After`);
  }
  assert.equal((concord.output().match(/"msg":"the embedded PostgreSQL is running again"/g) ?? []).length, 10);
  assert.doesNotMatch(concord.output(), /"level":60|uncaught|TypeError/i);

  concord.child.kill('SIGTERM');
  assert.equal(await concord.exited, 0);
  assert.deepEqual(serverProcesses(dataDir), []);
  assert.deepEqual(socketDirsOf(concord.child.pid ?? 0), [], 'its socket directory is removed');
});

test('while the server is down a command or button that needs it says to try again, and the command log keeps its rows', { timeout: 120_000 }, async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const dataDir = await freshDataDir(t);
  const concord = startConcord(dataDir, { ...world.env, REMINDER_POLL_INTERVAL_MS: '100' });
  onTeardown(t, () => void concord.child.kill('SIGKILL'));
  const url = await concord.listening;
  await concord.logged(/"msg":"gateway ready"/);
  assert.equal((await world.say('!ping')).content.startsWith('Pong'), true);
  // A reminder delivered before the outage, whose Snooze button is pressed during it.
  assert.match((await world.say('!remind 1s feed the cat')).content, /^Reminder #\d+ set/);
  const delivered = await world.fake.waitForMessage((m) => String(m.body.content).includes('feed the cat'), { timeout: 15_000 });
  const snooze = (delivered.body.components as { components: { custom_id: string }[] }[])[0]?.components[0]?.custom_id ?? '';

  // Killed, and kept down: with its data directory moved away the server cannot start again.
  const pgdata = join(dataDir, 'pgdata');
  const postmaster = await runningPostmaster(dataDir);
  process.kill(postmaster, 'SIGKILL');
  await rename(pgdata, `${pgdata}.away`);
  await eventually(() => assert.match(concord.output(), /"msg":"the embedded PostgreSQL did not start again; retrying"/), 10_000);
  assert.equal(await isReady(url), false);

  const reply = await world.say('!remind 1h water the plants');
  assert.equal(reply.content, 'That did not work: the database is not reachable; try again shortly.');
  assert.equal((await world.say('!ping')).content.startsWith('Pong'), true);
  const press = world.fake.sendInteraction({ type: 3, channel_id: world.channelId, user: world.member, custom_id: snooze, message_id: delivered.message.id });
  const pressed = await world.fake.waitForInteractionReply(press.id);
  assert.equal((pressed.body.data as { content: string }).content, 'That did not work: the database is not reachable; try again shortly.');

  await rename(`${pgdata}.away`, pgdata);
  await eventually(async () => assert.ok(await isReady(url), 'the server is ready'), 15_000, 50);
  // The rows of both commands, taken while the database was away, arrive once it is back.
  const logged = await eventually(async () => {
    const res = await fetch(`${url}/api/logs?limit=10`, { headers: auth });
    const { items } = (await res.json()) as { items: { command: string; status: string; error: string | null }[] };
    const remind = items.find((row) => row.command === 'remind');
    assert.ok(remind && items.filter((row) => row.command === 'ping').length === 2, JSON.stringify(items));
    return remind;
  }, 40_000, 200);
  assert.deepEqual({ status: logged.status, error: logged.error }, { status: 'error', error: 'the database is not reachable; try again shortly' });
  assert.equal((await world.say('!remind 1h water the plants')).content.startsWith('Reminder #'), true);
});
