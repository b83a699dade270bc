// No Docker engine runs here, so check the compose file against the app itself: every service built
// from our image runs a real mode and sets only variables the config knows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_NAMES } from '../src/config.ts';

const root = join(import.meta.dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const MODES = ['all', 'api', 'bot', 'gateway', 'worker', 'rest-proxy', 'migrate'];

type Service = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
};
const services = compose.services as Record<string, Service>;
const ours = Object.entries(services).filter(([, service]) => service.image?.startsWith('concord'));

const inDefault = Object.keys(services).filter((name) => !services[name]?.profiles);
const inScale = Object.keys(services).filter((name) => services[name]?.profiles?.includes('scale'));

test('the compose file has postgres, redis, migrate, api and bot', () => {
  assert.deepEqual(inDefault.sort(), ['api', 'bot', 'migrate', 'postgres', 'redis']);
  assert.deepEqual(ours.filter(([name]) => inDefault.includes(name)).map(([name]) => name).sort(), ['api', 'bot', 'migrate']);
});

test('the scale profile adds a REST proxy, a gateway per shard group and three workers', () => {
  assert.deepEqual(inScale.sort(), ['gateway-0', 'gateway-1', 'rest-proxy', 'worker']);
  const gateways = inScale.filter((name) => services[name]?.command?.[0] === 'gateway').map((name) => services[name]?.environment ?? {});
  // Together the gateways hold every shard once, and they share Redis (which Concord requires then).
  const count = Number(gateways[0]?.SHARD_COUNT);
  const held = gateways.flatMap((env) => (env.SHARD_IDS ?? '').split(',').map(Number)).sort();
  assert.deepEqual(held, Array.from({ length: count }, (_, i) => i));
  for (const env of gateways) assert.equal(env.REDIS_URL, 'redis://redis:6379');
  assert.equal((services.worker as Service & { deploy?: { replicas?: number } }).deploy?.replicas, 3);
  // Everything that talks to Discord goes through the one proxy.
  for (const name of ['gateway-0', 'gateway-1', 'worker']) assert.equal(services[name]?.environment?.DISCORD_API_URL, 'http://rest-proxy:3002/api');
});

for (const [name, service] of ours) {
  test(`${name}: runs a real mode`, () => {
    assert.ok(MODES.includes(service.command?.[0] ?? ''), `${name} runs ${service.command}`);
  });

  test(`${name}: sets only variables the config knows`, () => {
    for (const variable of Object.keys(service.environment ?? {})) {
      assert.ok(CONFIG_NAMES.includes(variable), `${name} sets ${variable}, which the config does not read`);
    }
  });

  test(`${name}: every *_FILE points at a secret the service mounts`, () => {
    for (const [variable, value] of Object.entries(service.environment ?? {})) {
      if (!variable.endsWith('_FILE')) continue;
      const secret = value.replace('/run/secrets/', '');
      assert.ok(service.secrets?.includes(secret), `${name}: ${variable} needs secret ${secret}`);
      assert.ok(compose.secrets[secret], `secret ${secret} is declared`);
    }
  });

  test(`${name}: depends only on services that exist`, () => {
    for (const dependency of Object.keys(service.depends_on ?? {})) assert.ok(services[dependency], dependency);
  });
}

test('the Dockerfile runs bin/app as a non-root user with a health check', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^HEALTHCHECK /m);
  assert.match(dockerfile, /ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "bin\/app"\]/);
  assert.match(dockerfile, /COPY --from=build \/app\/migrations/);
});
