// GET /metrics: valid Prometheus text that moves as commands and requests run; METRICS_TOKEN guards it.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../../src/platform/log.ts';
import { request as plainRequest, startTestApp } from '../../support/app.ts';
import { startBotApp, startFakeWorld } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { onTeardown } from '../../support/teardown.ts';

const METRICS_TOKEN = 'metrics-token-0123456789';

/** Parses the text format strictly enough to catch a malformed exposition: every sample line is
 *  `name{labels} value`, and every sample belongs to a family declared by # HELP and # TYPE. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const families = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const declared = /^# (HELP|TYPE) ([a-zA-Z_:][\w:]*) .+$/.exec(line);
    if (declared?.[2]) {
      families.add(declared[2]);
      continue;
    }
    // NaN in any case, as Prometheus reads it: prom-client writes an empty event-loop histogram's mean as "Nan".
    const sample = /^([a-zA-Z_:][\w:]*)(\{(?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\})? (-?[\d.e+-]+|[Nn][Aa][Nn]|\+Inf|-Inf)$/.exec(line);
    assert.ok(sample?.[1], `not a sample line: ${line}`);
    const family = sample[1].replace(/_(bucket|sum|count|total|created)$/, '');
    assert.ok(families.has(sample[1]) || families.has(family) || families.has(`${family}_total`), `undeclared family: ${line}`);
    samples.set(`${sample[1]}${sample[2] ?? ''}`, Number(sample[3]));
  }
  return samples;
}

test('metrics', async (t) => {
  const world = await startBotApp(t, { env: { METRICS_TOKEN } });
  const { url } = world;
  const say = async (content: string) => (await world.say(content)).content;
  const scrape = async () => {
    const response = await plainRequest(url, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parseExposition(response.body);
  };

  await t.test('without the token it is a 401', async () => {
    assert.equal((await plainRequest(url, 'GET', '/metrics')).status, 401);
  });

  await t.test('parses as Prometheus text and moves when commands run', async () => {
    const before = await scrape();
    const ping = 'concord_commands_total{command="ping",status="ok"}';
    await say('!ping');
    await say('!nosuchthing');
    const after = await eventually(async () => {
      const samples = await scrape();
      assert.equal((samples.get(ping) ?? 0) - (before.get(ping) ?? 0), 1);
      return samples;
    });
    assert.ok((after.get('concord_commands_total{command="(unknown)",status="not_found"}') ?? 0) >= 1);
    assert.ok((after.get('concord_command_duration_seconds_count{status="ok"}') ?? 0) >= 1);
    assert.ok((after.get('concord_gateway_events_total{type="MESSAGE_CREATE"}') ?? 0) >= 2);
    assert.ok((after.get('concord_rest_requests_total{method="POST",status="200"}') ?? 0) >= 2);
    assert.ok((after.get('concord_http_requests_total{method="GET",route="/metrics",status="200"}') ?? 0) >= 1);
    assert.ok(after.has('concord_log_queue_depth'));
    assert.ok(after.has('concord_stats_queue_depth'));
    assert.ok(after.has('concord_process_resident_memory_bytes'));
    assert.equal(after.get('concord_db_pool_max'), 10);
    const open = after.get('concord_db_pool_connections_open') ?? 0;
    assert.ok(open >= 1 && open <= 10, `${open} connections open`);
  });

  await t.test('HTTP answers are counted by route, method and status, and timed by route: GET, HEAD and a 405 apart', async () => {
    const live = (method: string, status: number) => `concord_http_requests_total{method="${method}",route="/health/live",status="${status}"}`;
    const timed = 'concord_http_request_duration_seconds_count{route="/health/live"}';
    const before = await scrape();
    for (let i = 0; i < 3; i++) assert.equal((await plainRequest(url, 'GET', '/health/live')).status, 200);
    assert.equal((await plainRequest(url, 'HEAD', '/health/live')).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await plainRequest(url, 'POST', '/health/live', {})).status, 405);
    const after = await scrape();
    const moved = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    assert.equal(moved(live('GET', 200)), 3);
    assert.equal(moved(live('HEAD', 200)), 1);
    // A wrong method matched no route: counted apart, under no route's name.
    assert.equal(moved(live('POST', 405)), 0);
    assert.equal(moved('concord_http_requests_total{method="POST",route="(none)",status="405"}'), 2);
    assert.equal(moved(timed), 4);
  });

  await t.test('custom commands count as (custom): no user-chosen name is ever a label', async () => {
    const { request, guild } = world;
    const created = await request('POST', '/api/commands', { guild_id: guild.id, name: 'zebra-whisper', response: 'psst' });
    assert.equal(created.status, 201);
    const before = await scrape();
    const custom = 'concord_commands_total{command="(custom)",status="ok"}';
    assert.equal(await say('!zebra-whisper'), 'psst');
    await eventually(async () => assert.equal(((await scrape()).get(custom) ?? 0) - (before.get(custom) ?? 0), 1));
    const text = (await plainRequest(url, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` })).body as string;
    assert.doesNotMatch(text, /zebra-whisper/);
  });

  await t.test('/health/live and /health/ready answer for orchestrators; /health checks the gateway', async () => {
    assert.deepEqual((await plainRequest(url, 'GET', '/health/live')).body, { status: 'ok' });
    const ready = await plainRequest(url, 'GET', '/health/ready');
    assert.equal(ready.status, 200);
    const health = await plainRequest(url, 'GET', '/health');
    assert.deepEqual(Object.keys(health.body.checks).sort(), ['database', 'gateway']);
    assert.deepEqual(health.body.checks.gateway.shards, { 0: 'ready' });
  });
});

test('a start on a non-loopback HOST without METRICS_TOKEN warns once that /metrics is open', async (t) => {
  const warnings = async (env: Record<string, string>, modes: { api?: boolean; bot?: boolean } = {}) => {
    const lines: { msg: string }[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string })));
    await startTestApp(t, { env, log: createLogger('warn', stream), ...modes });
    return lines.filter((line) => line.msg.includes('/metrics is served without METRICS_TOKEN'));
  };
  assert.equal((await warnings({ HOST: '0.0.0.0' })).length, 1);
  assert.equal((await warnings({ HOST: '0.0.0.0', METRICS_TOKEN })).length, 0);
  assert.equal((await warnings({ HOST: '127.0.0.1' })).length, 0);
  // A bot-only process serves /metrics on its health server: the same warning.
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  assert.equal((await warnings({ ...world.env, HOST: '0.0.0.0' }, { api: false, bot: true })).length, 1);
  assert.equal((await warnings({ ...world.env, HOST: '0.0.0.0', METRICS_TOKEN }, { api: false, bot: true })).length, 0);
});
