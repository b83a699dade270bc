// Guessing is not free: failed authentications are limited per client address (429 with
// Retry-After, a warning, a metric), successes never drain the limit, and other addresses are untouched.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { addressKey, createFailureLimiter } from '../../../src/platform/http/failure-limiter.ts';
import { createLogger } from '../../../src/platform/log.ts';
import { request, startTestApp, TEST_TOKEN } from '../../support/app.ts';

const WRONG = { authorization: 'Bearer wrong-token-0123456789abcdef' };
const RIGHT = { authorization: `Bearer ${TEST_TOKEN}` };
const from = (address: string, headers: Record<string, string> = {}) => ({ ...headers, 'x-forwarded-for': `203.0.113.9, ${address}` });

test('failed authentications are limited per client address', async (t) => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const { url } = await startTestApp(t, {
    // One try back a minute: nothing refills while the test runs, however slow the machine.
    env: { AUTH_FAILURES_BURST: '5', AUTH_FAILURES_PER_MINUTE: '1', TRUST_PROXY: 'true' },
    log: createLogger('warn', stream),
  });
  const get = (headers: Record<string, string>, path = '/api/data') => request(url, 'GET', path, undefined, headers);

  await t.test('200 wrong tokens at once: the first 5 are 401, the rest 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => get(from('198.51.100.1', WRONG))));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 401).length, 5);
    assert.equal(statuses.filter((s) => s === 429).length, 195);
    const limited = answers.find((a) => a.status === 429);
    assert.equal(limited?.headers.get('content-type'), 'application/problem+json');
    assert.equal(limited?.body.code, 'TOO_MANY_FAILED_AUTHENTICATIONS');
    assert.ok(Number(limited?.headers.get('retry-after')) >= 1);
    const warnings = lines.filter((l) => l.includes('too many failed authentications'));
    assert.equal(warnings.length, 1, 'one warning when the address runs out, not one per 429');
    assert.equal(JSON.parse(warnings[0] as string).address, '198.51.100.1');
  });

  await t.test('while limited, the right token from that address waits too (checking it would tell guesses apart)', async () => {
    assert.equal((await get(from('198.51.100.1', RIGHT))).status, 429);
  });

  await t.test('another address is untouched: its right token works, its wrong ones are plain 401s', async () => {
    assert.equal((await get(from('198.51.100.2', RIGHT))).status, 200);
    assert.equal((await get(from('198.51.100.2', WRONG))).status, 401);
  });

  await t.test('forged session cookies count as failures too', async () => {
    const cookie = { cookie: 'concord_session=forged-session-id-that-is-long-enough-000000' };
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(from('198.51.100.3', cookie))).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  });

  await t.test('requests without credentials are not counted (they guess nothing)', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await get(from('198.51.100.4'))).status);
    assert.deepEqual(new Set(statuses), new Set([401]));
  });

  await t.test('a metric counts refusals and limits', async () => {
    const metrics = await get(RIGHT, '/metrics');
    assert.match(metrics.body, /concord_auth_failures_total\{outcome="refused"\} (\d+)/);
    const limited = Number(/concord_auth_failures_total\{outcome="limited"\} (\d+)/.exec(metrics.body)?.[1]);
    assert.ok(limited >= 197, `limited: ${limited}`);
  });
});

test('a limited address gets its tries back after Retry-After', async (t) => {
  const { url } = await startTestApp(t, { env: { AUTH_FAILURES_BURST: '2', AUTH_FAILURES_PER_MINUTE: '30' } });
  const get = (headers: Record<string, string>) => request(url, 'GET', '/api/data', undefined, headers);
  assert.deepEqual([(await get(WRONG)).status, (await get(WRONG)).status], [401, 401]);
  const limited = await get(WRONG);
  assert.equal(limited.status, 429);
  const seconds = Number(limited.headers.get('retry-after'));
  assert.ok(seconds >= 1 && seconds <= 2, `waits ${seconds} s at 30 a minute`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  assert.equal((await get(RIGHT)).status, 200, 'the right token works again');
});

test('without TRUST_PROXY, X-Forwarded-For is the client\'s to forge and is ignored', async (t) => {
  const { url } = await startTestApp(t, { env: { AUTH_FAILURES_BURST: '3' } });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await request(url, 'GET', '/api/data', undefined, from(`198.51.100.${10 + i}`, WRONG))).status);
  assert.deepEqual(statuses, [401, 401, 401, 429, 429], 'every guess counts against the real peer address');
});

test('the limiter: a token bucket per address, bounded in memory', () => {
  let now = 0;
  const limiter = createFailureLimiter({ burst: 3, perMinute: 6, maxAddresses: 100 }, () => now);
  assert.deepEqual([limiter.recordFailure('a'), limiter.recordFailure('a'), limiter.recordFailure('a')], [false, false, true]);
  assert.equal(limiter.retryAfter('a'), 10, 'one try back every 10 s at 6 a minute');
  assert.equal(limiter.retryAfter('b'), 0, 'other addresses are not limited');
  now += 9_000;
  assert.equal(limiter.retryAfter('a'), 1);
  now += 1_000;
  assert.equal(limiter.retryAfter('a'), 0);
  for (let i = 0; i < 1_000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`);
  assert.equal(limiter.size(), 100, 'at most maxAddresses are remembered');
});

test('addresses are limited by IPv4 address and IPv6 /64', () => {
  const cases: [string, string][] = [
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ];
  for (const [address, key] of cases) assert.equal(addressKey(address), key, address);
});
