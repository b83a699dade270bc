// The stream between gateway and workers, against real Redis: the delivery limit, duplicates
// published twice, and a slow worker keeping the events it is working on.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDispatchConsumer } from '../../src/gateway-stream/consumer.ts';
import { createDispatchPublisher, type DispatchEntry, streamKeys } from '../../src/gateway-stream/dispatch-stream.ts';
import { createLogger } from '../../src/platform/log.ts';
import { createMetrics } from '../../src/platform/metrics/registry.ts';
import { connectRedis } from '../../src/platform/redis/client.ts';
import { eventually } from '../support/eventually.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../support/redis.ts';
import { onTeardown } from '../support/teardown.ts';

const log = createLogger('silent');

async function setup(t: TestContext, settings: { claimIdleMs: number; maxDeliveries: number }) {
  const redis = connectRedis({ url: REDIS_URL, prefix: isolatedPrefix(t), timeoutMs: 1_000, log });
  onTeardown(t, () => redis.close());
  assert.ok(await redis.ready(2_000));
  const full = { ...settings, maxLength: 10_000 };
  const consumer = async (name: string, handle: (entry: DispatchEntry) => Promise<void>) => {
    const metrics = createMetrics();
    const running = await startDispatchConsumer({ redis, settings: full, consumer: name, handle, eventKey: (e) => (e.data as { id: string }).id, log, metrics, blockMs: 200 });
    onTeardown(t, () => running.stop());
    return { running, metrics };
  };
  return { redis, publisher: createDispatchPublisher(redis, full, log), consumer };
}

test('an event whose handling keeps failing goes to the dead-letter stream after STREAM_MAX_DELIVERIES', { skip: REDIS_MISSING }, async (t) => {
  const { redis, publisher, consumer } = await setup(t, { claimIdleMs: 500, maxDeliveries: 2 });
  let attempts = 0;
  await consumer('a', async () => {
    attempts++;
    throw new Error('this command always fails');
  });
  await publisher.publish('MESSAGE_CREATE', 0, null, { id: '1' });
  const keys = streamKeys(redis.prefix);
  await eventually(async () => assert.equal(await redis.client.xlen(keys.dead), 1), 10_000, 100);
  assert.equal(attempts, 2);
  const pending = (await redis.client.xpending(keys.dispatches, 'workers')) as [number];
  assert.equal(pending[0], 0, 'nothing left pending');
});

test('an event published twice (a resumed gateway replaying it) is handled once', { skip: REDIS_MISSING }, async (t) => {
  const { publisher, consumer } = await setup(t, { claimIdleMs: 5_000, maxDeliveries: 5 });
  const handled: string[] = [];
  const { metrics } = await consumer('a', async (entry) => {
    handled.push((entry.data as { id: string }).id);
  });
  await publisher.publish('MESSAGE_CREATE', 0, null, { id: '7' });
  await eventually(() => assert.deepEqual(handled, ['7']));
  await publisher.publish('MESSAGE_CREATE', 0, null, { id: '7' });
  await publisher.publish('MESSAGE_CREATE', 0, null, { id: '8' });
  await eventually(() => assert.deepEqual(handled, ['7', '8']));
  assert.match(await metrics.registry.metrics(), /^concord_stream_duplicates_skipped_total 1$/m);
});

test('a slow command keeps its event: another worker does not take it over while it runs', { skip: REDIS_MISSING }, async (t) => {
  // The command runs four times the idle limit; generous margins, since a loaded machine delays timers.
  const { publisher, consumer } = await setup(t, { claimIdleMs: 1_000, maxDeliveries: 5 });
  const handledBy: string[] = [];
  const slow = (name: string) => async () => {
    handledBy.push(name);
    await sleep(4_000);
  };
  await consumer('a', slow('a'));
  await publisher.publish('MESSAGE_CREATE', 0, null, { id: '9' });
  await eventually(() => assert.equal(handledBy.length, 1));
  const second = await consumer('b', slow('b'));
  await sleep(3_500);
  assert.equal(handledBy.length, 1, `handled by ${handledBy.join(', ')}`);
  assert.match(await second.metrics.registry.metrics(), /^concord_stream_redeliveries_total 0$/m);
});
