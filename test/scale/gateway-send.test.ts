// A worker has no gateway connection: it asks over Redis, and the gateway holding the shard sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayOpcodes, type GatewayPresenceUpdateData, PresenceUpdateStatus } from 'discord-api-types/v10';
import { loadConfig } from '../../src/config.ts';
import { askGatewayToSend, startGateway } from '../../src/gateway-stream/gateway.ts';
import { createLogger } from '../../src/platform/log.ts';
import { connectRedis } from '../../src/platform/redis/client.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../support/redis.ts';
import { onTeardown } from '../support/teardown.ts';

test('a gateway send a worker asks for goes out on the shard that holds it', { skip: REDIS_MISSING, timeout: 30_000 }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, shards: 2, maxConcurrency: 2 });
  onTeardown(t, () => fake.close());
  const prefix = isolatedPrefix(t);
  const log = createLogger('silent');
  const env = { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, REDIS_URL, REDIS_KEY_PREFIX: prefix, SHARD_COUNT: '2', PORT: '0', HOST: '127.0.0.1' };
  for (const shard of ['0', '1']) {
    const gateway = await startGateway(loadConfig({ ...env, SHARD_IDS: shard }, '/tmp'), log, (error) => assert.fail(error));
    onTeardown(t, () => gateway.stop());
    assert.equal((await fetch(`${gateway.url}/health/ready`)).status, 200);
  }
  const worker = connectRedis({ url: REDIS_URL, prefix, timeoutMs: 1_000, log });
  onTeardown(t, () => worker.close());
  assert.ok(await worker.ready(2_000));

  const presence: GatewayPresenceUpdateData = { since: null, activities: [], status: PresenceUpdateStatus.Idle, afk: false };
  const sent = fake.waitFor('send', { timeout: 5_000 });
  await askGatewayToSend(worker, 1, { op: GatewayOpcodes.PresenceUpdate, d: presence });
  const event = await sent;
  assert.deepEqual(event.shard, [1, 2]);
  assert.equal(event.op, GatewayOpcodes.PresenceUpdate);
  assert.deepEqual(event.d, presence);
});
