// Custom-command changes travel through PostgreSQL (NOTIFY in the changing transaction) to every
// process, and on to split bots as Server-Sent Events from GET /api/events; no Redis anywhere here.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { createEventHub } from '../../src/api/events.ts';
import { startTestApp, TEST_TOKEN } from '../support/app.ts';
import { BOT_TOKEN, startBotApp, startFakeWorld } from '../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';
import { onTeardown } from '../support/teardown.ts';

/** Reads a text/event-stream response into events as they come. */
function readEvents(res: Response) {
  const events: { id?: string; event: string; data: string }[] = [];
  let text = '';
  const waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n')) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        if (fields.event) events.push({ ...(fields.id ? { id: fields.id } : {}), event: fields.event, data: fields.data ?? '' });
        for (const wake of waiters.splice(0)) wake();
      }
    }
  })().catch(() => {});
  return {
    events,
    async next(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return events.slice(0, count);
    },
  };
}

function follow(url: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${url}/api/events`, { headers: { authorization: `Bearer ${TEST_TOKEN}`, ...headers }, ...(signal ? { signal } : {}) });
}

test('an API edit reaches a split bot without a database within a second, with no Redis', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const api = await startTestApp(t);
  // A TTL of ten minutes: only the change stream can explain a fresh answer.
  await startTestApp(t, {
    api: false,
    bot: true,
    db: api.db,
    env: { ...world.env, DATABASE_URL: '', API_URL: api.url, COMMAND_CACHE_TTL_MS: '600000' },
  });
  const { body } = await api.request('POST', '/api/commands', { guild_id: world.guild.id, name: 'hello', response: 'Hello {user}' });
  assert.equal((await world.say('!hello')).content, 'Hello Bob');

  await api.request('PATCH', `/api/commands/${body.id}`, { response: 'Edited' });
  const edited = performance.now();
  let answer = '';
  while (answer !== 'Edited' && performance.now() - edited < 1_000) answer = (await world.say('!hello')).content;
  assert.equal(answer, 'Edited', 'the edit arrived within one second');
});

test('a change committed by another process reaches this one at once (NOTIFY)', async (t) => {
  const world = await startBotApp(t);
  const { body } = await world.request('POST', '/api/commands', { guild_id: world.guild.id, name: 'greet', response: 'Hi' });
  assert.equal((await world.say('!greet')).content, 'Hi');
  // Another process's write: straight to the database, past this process's API and its cache.
  await world.db.sql`update custom_commands set response = 'Changed elsewhere', updated_at = now() where id = ${body.id}`;
  const changed = performance.now();
  let answer = '';
  while (answer !== 'Changed elsewhere' && performance.now() - changed < 1_000) answer = (await world.say('!greet')).content;
  assert.equal(answer, 'Changed elsewhere');
});

test('GET /api/events streams command changes, resumes after Last-Event-ID, and resets an unknown id', async (t) => {
  const api = await startTestApp(t);
  const abort = new AbortController();
  t.after(() => abort.abort());
  const res = await follow(api.url, {}, abort.signal);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const stream = readEvents(res);

  const created = await api.request('POST', '/api/commands', { guild_id: '100000000000000001', name: 'one', response: '1' });
  await api.request('POST', '/api/commands', { guild_id: null, name: 'everywhere', response: 'all' });
  await api.request('PATCH', `/api/commands/${created.body.id}`, { response: 'one!' });
  const [first, second, third] = await stream.next(3);
  assert.deepEqual(JSON.parse(first?.data ?? ''), { type: 'command', guild_id: '100000000000000001' });
  assert.deepEqual(JSON.parse(second?.data ?? ''), { type: 'command', guild_id: null });
  assert.equal(third?.event, 'command');

  // A client that saw only the first event gets the two after it.
  const resumed = readEvents(await follow(api.url, { 'last-event-id': first?.id ?? '' }, abort.signal));
  assert.deepEqual((await resumed.next(2)).map((e) => e.id), [second?.id, third?.id]);
  // An id from another run of the API cannot be resumed: reload everything.
  const unknown = readEvents(await follow(api.url, { 'last-event-id': 'feedbeef.3' }, abort.signal));
  assert.equal((await unknown.next(1))[0]?.event, 'reset');
});

test('stored command log rows are announced as one `logs` event per batch, naming the guilds', async (t) => {
  const api = await startTestApp(t);
  const abort = new AbortController();
  t.after(() => abort.abort());
  const stream = readEvents(await follow(api.url, {}, abort.signal));
  const row = (n: number, guildId: string | null) => ({
    occurred_at: new Date().toISOString(),
    guild_id: guildId,
    channel_id: null,
    user_id: '444444444444444444',
    user_name: 'someone',
    command: 'ping',
    args: '',
    source: 'prefix',
    status: 'ok',
    latency_ms: 1,
    error: null,
    event_id: `live-${n}`,
  });
  await api.request('POST', '/api/logs', { items: [row(1, '111111111111111111'), row(2, '111111111111111111'), row(3, null)] });
  const [event] = await stream.next(1);
  assert.equal(event?.event, 'logs');
  const { guild_ids } = JSON.parse(event?.data ?? '{}') as { guild_ids: (string | null)[] };
  assert.deepEqual([...guild_ids].sort(), ['111111111111111111', null].sort());
});

test('GET /api/events needs credentials', async (t) => {
  const api = await startTestApp(t);
  const res = await fetch(`${api.url}/api/events`);
  assert.equal(res.status, 401);
  assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
});

const ANYONE = { key: 'test', max: 100, name: 'the test' };

test('the stream sends heartbeats while nothing changes, and a closed hub ends it', async () => {
  const hub = createEventHub({ heartbeatMs: 20 });
  const stream = hub.subscribe(undefined, (event) => event, ANYONE);
  let text = '';
  stream.on('data', (chunk) => {
    text += chunk;
  });
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.ok((text.match(/: heartbeat\n\n/g) ?? []).length >= 2, text);
  const ended = new Promise((resolve) => stream.once('end', resolve));
  hub.close();
  await ended;
});

test('every stream (a session\'s and the API token\'s) ends after streamMs, so its client reconnects and is authorised again', async () => {
  const hub = createEventHub({ streamMs: 50 });
  const session = hub.subscribe(undefined, (event) => event, { key: 'session:a', max: 5, name: 'this session' });
  const token = hub.subscribe(undefined, (event) => event, { key: 'token', max: 5, name: 'the API token' });
  const started = Date.now();
  const chunks: string[] = [];
  session.on('data', (chunk) => chunks.push(String(chunk)));
  token.resume();
  hub.publish({ type: 'command', guild_id: '1' });
  // The hub's timers do not hold the process (a server does); this test's wait does.
  const wait = setTimeout(() => {}, 5_000);
  await Promise.all([new Promise((resolve) => session.once('end', resolve)), new Promise((resolve) => token.once('end', resolve))]);
  clearTimeout(wait);
  assert.ok(Date.now() - started >= 45, 'not before its time');
  // What was published while it was open reached it, with the id its client resumes from.
  assert.match(chunks.join(''), /id: \w+\.1\nevent: command\n/);
  hub.close();
});

test('a new stream carries the current event id, so a client that saw no event resumes instead of reloading everything', async () => {
  const hub = createEventHub();
  hub.publish({ type: 'command', guild_id: '1' });
  const read = async (lastEventId: string | undefined) => {
    const stream = hub.subscribe(lastEventId, (event) => event, ANYONE);
    let text = '';
    stream.on('data', (chunk) => {
      text += chunk;
    });
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy();
    return text;
  };
  const first = await read(undefined);
  const id = /^id: (\w+\.1)$/m.exec(first)?.[1];
  assert.ok(id, first);
  assert.doesNotMatch(first, /event:/, 'nothing is replayed to a new client');
  hub.publish({ type: 'settings', guild_id: '2' });
  const resumed = await read(id);
  assert.match(resumed, /event: settings\n/);
  assert.doesNotMatch(resumed, /event: (reset|command)/);
  hub.close();
});

/** Opens `count` streams at once; returns each answer, the open ones to be aborted at the end. */
async function openAtOnce(t: TestContext, count: number, open: (signal: AbortSignal) => Promise<Response>): Promise<Response[]> {
  const abort = new AbortController();
  t.after(() => abort.abort());
  return Promise.all(Array.from({ length: count }, () => open(abort.signal)));
}

test('the API token may hold EVENT_STREAMS_PER_TOKEN streams at once: past that a 429 with Retry-After, until one closes', async (t) => {
  const api = await startTestApp(t, { env: { EVENT_STREAMS_PER_TOKEN: '3' } });
  const answers = await openAtOnce(t, 8, (signal) => follow(api.url, {}, signal));
  assert.deepEqual(answers.map((res) => res.status).sort(), [200, 200, 200, 429, 429, 429, 429, 429]);
  const refused = answers.find((res) => res.status === 429);
  assert.match(refused?.headers.get('content-type') ?? '', /problem\+json/);
  const retryAfter = Number(refused?.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}: within the minute a stream lasts`);
  const problem = (await refused?.json()) as { code: string; detail: string };
  assert.equal(problem.code, 'TOO_MANY_EVENT_STREAMS');
  assert.match(problem.detail, /the API token has 3 event streams open/);

  // A closed stream frees its place.
  const one = new AbortController();
  await answers.find((res) => res.status === 200)?.body?.cancel();
  await eventually(async () => {
    const res = await follow(api.url, {}, one.signal);
    t.after(() => one.abort());
    assert.equal(res.status, 200);
  });
});

test('all streams together stay within EVENT_STREAMS_MAX, whoever opens them', async (t) => {
  const api = await startTestApp(t, { env: { EVENT_STREAMS_MAX: '4', EVENT_STREAMS_PER_TOKEN: '100' } });
  const answers = await openAtOnce(t, 7, (signal) => follow(api.url, {}, signal));
  assert.deepEqual(answers.map((res) => res.status).sort(), [200, 200, 200, 200, 429, 429, 429]);
  const problem = (await answers.find((res) => res.status === 429)?.json()) as { detail: string };
  assert.match(problem.detail, /this server has 4 event streams open/);
});

test('a dashboard session may hold EVENT_STREAMS_PER_SESSION streams; another session has its own', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const api = await startTestApp(t, { env: { EVENT_STREAMS_PER_SESSION: '2', ...loginEnv(fake) } });
  const user = fake.createUser({ username: 'reader' });
  const grant = { user, guilds: [{ id: '100000000000000001', name: 'Mine', permissions: PERMISSIONS.manageGuild }] };
  const first = (await loginAs(api.url, fake, grant)).cookie;
  const second = (await loginAs(api.url, fake, grant)).cookie;
  const open = (cookie: string) => (signal: AbortSignal) => fetch(`${api.url}/api/events`, { headers: { cookie }, signal });
  const [mine, theirs] = await Promise.all([openAtOnce(t, 5, open(first)), openAtOnce(t, 2, open(second))]);
  assert.deepEqual(mine.map((res) => res.status).sort(), [200, 200, 429, 429, 429]);
  assert.deepEqual(theirs.map((res) => res.status), [200, 200]);
  const problem = (await mine.find((res) => res.status === 429)?.json()) as { detail: string };
  assert.match(problem.detail, /this session has 2 event streams open/);
});
