// The deploy descriptors (Fly.io, Render, Railway) checked against the app itself: every command is a
// real `bin/app` mode, every variable one the config reads, every health path a route that answers
// on a running API or bot, and no secret has a value in a file. None of the three platforms publishes
// its JSON Schema on the npm registry (the only registry reachable here), so each file's own wiring
// (process names, groups, databases, ports) is checked here instead.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { CONFIG_NAMES, SECRET_NAMES } from '../../src/config.ts';
import { request, startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { onTeardown } from '../support/teardown.ts';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

// biome-ignore lint/suspicious/noExplicitAny: descriptors are read field by field, each checked below.
type Doc = any;
const fly: Doc = parseToml(read('deploy/fly/fly.toml'));
const render: Doc = parseYaml(read('render.yaml'));
const railway: Record<string, Doc> = {
  api: JSON.parse(read('railway.json')),
  bot: JSON.parse(read('deploy/railway/bot.json')),
};

/** The image's ENTRYPOINT: Fly and Render keep it and replace only CMD; Railway replaces it with its start command. */
const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(read('Dockerfile'))?.[1] ?? '[]') as string[];

type Role = 'api' | 'bot' | 'migrate';
interface Command {
  where: string;
  role: Role;
  /** The arguments `bin/app` receives. */
  args: string[];
}

/** A whole command line as Railway runs it: the image's ENTRYPOINT spelled out, or node bin/app. */
function appArgs(where: string, line: string): string[] {
  const words = line.trim().split(/\s+/);
  const prefixes = [entrypoint, ['node', 'bin/app']];
  const prefix = prefixes.find((p) => p.every((word, i) => words[i] === word));
  assert.ok(prefix, `${where}: "${line}" does not run bin/app (expected it to start with ${prefixes.map((p) => p.join(' ')).join(' or ')})`);
  return words.slice(prefix.length);
}

const words = (line: unknown) => String(line).trim().split(/\s+/);

const renderServices = render.services as Doc[];
const renderService = (type: string) => renderServices.find((s) => s.type === type);

const commands: Command[] = [
  // Fly and Render append process, release and pre-deploy commands to the image's ENTRYPOINT.
  { where: 'fly [processes].api', role: 'api', args: words(fly.processes.api) },
  { where: 'fly [processes].bot', role: 'bot', args: words(fly.processes.bot) },
  { where: 'fly release_command', role: 'migrate', args: words(fly.deploy.release_command) },
  { where: 'render web dockerCommand', role: 'api', args: words(renderService('web').dockerCommand) },
  { where: 'render web preDeployCommand', role: 'migrate', args: words(renderService('web').preDeployCommand) },
  { where: 'render worker dockerCommand', role: 'bot', args: words(renderService('worker').dockerCommand) },
  { where: 'railway.json startCommand', role: 'api', args: appArgs('railway.json', railway.api.deploy.startCommand) },
  { where: 'deploy/railway/bot.json startCommand', role: 'bot', args: appArgs('deploy/railway/bot.json', railway.bot.deploy.startCommand) },
];

/** Every variable a descriptor sets, with the form its value takes. */
function variables(): { where: string; key: string; entry: Doc }[] {
  const found: { where: string; key: string; entry: Doc }[] = Object.entries(fly.env as Record<string, string>).map(([key, value]) => ({ where: 'fly [env]', key, entry: { value } }));
  const groups = (render.envVarGroups ?? []) as Doc[];
  for (const owner of [...renderServices, ...groups]) {
    for (const entry of owner.envVars ?? []) if (entry.key) found.push({ where: `render ${owner.name}`, key: entry.key, entry });
  }
  for (const [name, file] of Object.entries(railway)) {
    for (const [key, value] of Object.entries(file.variables ?? {})) found.push({ where: `railway ${name}`, key, entry: { value } });
  }
  return found;
}

test('the Dockerfile entrypoint is tini then bin/app, which the descriptors rely on', () => {
  assert.deepEqual(entrypoint, ['/usr/bin/tini', '--', 'node', 'bin/app']);
});

test('the image runs the current Node LTS (24), a version package.json says is supported', () => {
  const bases = [...read('Dockerfile').matchAll(/^FROM (node:\S+)/gm)].map((match) => match[1]);
  assert.deepEqual(bases, ['node:24-bookworm-slim', 'node:24-bookworm-slim'], 'the build and the runtime stage');
  const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
  assert.ok(engines.node.split('||').some((range) => /^\s*(>=|\^)24\./.test(range)), `engines.node "${engines.node}" admits Node 24`);
});

test('each command is a real bin/app mode, in the role its service has', async () => {
  const checked = new Map<string, string>();
  for (const command of commands) {
    assert.equal(command.args[0], command.role, `${command.where} runs "${command.args.join(' ')}", expected the ${command.role} mode`);
    const key = command.args.join(' ');
    if (!checked.has(key)) checked.set(key, await helpOf(command.args));
    // citty answers an unknown subcommand with the top-level usage; a real one names itself.
    assert.match(checked.get(key) ?? '', new RegExp(`^USAGE (app )?${key.replace(/ /g, '\\s+')}\\s*$`, 'm'), `${command.where}: "${key}" is not a mode of bin/app`);
  }
});

test('each variable set is one the config reads', () => {
  const all = variables();
  assert.ok(all.length > 5, 'the descriptors set variables');
  for (const { where, key } of all) assert.ok(CONFIG_NAMES.includes(key), `${where} sets ${key}, which src/config.ts does not read`);
});

test('no secret has a value in any descriptor', () => {
  const secrets: readonly string[] = SECRET_NAMES;
  for (const { where, key, entry } of variables()) {
    if (!secrets.includes(key)) continue;
    // Allowed: asked for at setup (sync: false), generated by the platform, or wired from its database.
    const isWired = entry.sync === false || entry.generateValue === true || entry.fromDatabase !== undefined;
    assert.ok(isWired && entry.value === undefined, `${where}: ${key} is a secret and must not have a value in the file`);
  }
  // Fly and Railway have no file-level secret mechanism: secrets go through `fly secrets` and the dashboard.
  for (const name of SECRET_NAMES) assert.equal(fly.env[name], undefined, `fly [env] must not set ${name}`);
  for (const [file, doc] of Object.entries(railway)) assert.equal(doc.variables, undefined, `railway ${file} sets variables; secrets go in the dashboard`);
});

test('fly.toml: process groups, checks, restart and machines refer to processes that exist', () => {
  const processes = Object.keys(fly.processes);
  assert.deepEqual(processes.sort(), ['api', 'bot']);
  const referenced: [string, string[]][] = [
    ['http_service', fly.http_service.processes],
    ...Object.entries(fly.checks as Record<string, Doc>).map(([name, check]): [string, string[]] => [`checks.${name}`, check.processes]),
    ...(fly.restart as Doc[]).map((r, i): [string, string[]] => [`restart[${i}]`, r.processes]),
    ...(fly.vm as Doc[]).map((vm, i): [string, string[]] => [`vm[${i}]`, vm.processes]),
  ];
  for (const [where, names] of referenced) {
    assert.ok(Array.isArray(names) && names.length > 0, `${where} names its processes`);
    for (const name of names) assert.ok(processes.includes(name), `${where} names process ${name}, which is not in [processes]`);
  }
  assert.deepEqual(fly.http_service.processes, ['api'], 'only the API is public');
  assert.equal(fly.http_service.internal_port, Number(fly.env.PORT), 'the proxy sends traffic to the port the API listens on');
  for (const check of Object.values(fly.checks as Record<string, Doc>)) assert.equal(check.port, Number(fly.env.PORT));
  for (const restart of fly.restart as Doc[]) assert.ok(['always', 'never', 'on-failure'].includes(restart.policy));
  assert.ok(['SIGTERM', 'SIGINT'].includes(fly.kill_signal), 'Concord stops cleanly on SIGTERM and SIGINT');
  assert.ok(Number(fly.kill_timeout) > 10, 'Fly waits longer than Concord takes to stop (10 s)');
  assert.match(fly.env.API_URL, /^http:\/\/api\.process\.[\w-]+\.internal:3000$/, 'the bot reaches the api process group');
  assert.ok(fly.env.API_URL.includes(`.${fly.app}.internal`), 'API_URL names this app');
});

test('render.yaml: a web API, a worker bot, one database and one env group, all wired by name', () => {
  assert.deepEqual(renderServices.map((s) => s.type).sort(), ['web', 'worker']);
  const groups = new Set(((render.envVarGroups ?? []) as Doc[]).map((g) => g.name));
  const databases = new Set(((render.databases ?? []) as Doc[]).map((d) => d.name));
  for (const service of renderServices) {
    assert.equal(service.runtime, 'docker', `${service.name} builds the repository's image`);
    assert.ok(existsSync(join(root, service.dockerContext, service.dockerfilePath)), `${service.name}: the Dockerfile exists`);
    for (const entry of service.envVars ?? []) {
      if (entry.fromGroup) assert.ok(groups.has(entry.fromGroup), `${service.name} uses group ${entry.fromGroup}, which is not defined`);
      if (entry.fromDatabase) {
        assert.ok(databases.has(entry.fromDatabase.name), `${service.name} uses database ${entry.fromDatabase.name}, which is not defined`);
        assert.equal(entry.fromDatabase.property, 'connectionString');
        assert.equal(entry.key, 'DATABASE_URL');
      }
    }
  }
  assert.equal(renderService('worker').healthCheckPath, undefined, 'Render has no health checks for workers');
});

test('railway: Dockerfile builds with a start command, health check and restart policy', () => {
  for (const [name, doc] of Object.entries(railway)) {
    assert.equal(doc.build.builder, 'DOCKERFILE', name);
    assert.ok(existsSync(join(root, doc.build.dockerfilePath)), `${name}: the Dockerfile exists`);
    assert.ok(['ON_FAILURE', 'ALWAYS', 'NEVER'].includes(doc.deploy.restartPolicyType), `${name}: restart policy`);
    assert.ok(Number.isInteger(doc.deploy.restartPolicyMaxRetries) && doc.deploy.restartPolicyMaxRetries > 0);
    assert.ok(Number.isInteger(doc.deploy.healthcheckTimeout) && doc.deploy.healthcheckTimeout >= 30);
  }
});

test('each health path answers 200 on the process it checks', async (t) => {
  const paths: Record<'api' | 'bot', { where: string; path: string }[]> = {
    api: [
      ...(fly.http_service.checks as Doc[]).map((c) => ({ where: 'fly http_service.checks', path: c.path })),
      { where: 'render web healthCheckPath', path: renderService('web').healthCheckPath },
      { where: 'railway.json healthcheckPath', path: railway.api.deploy.healthcheckPath },
    ],
    bot: [
      ...Object.entries(fly.checks as Record<string, Doc>).map(([name, c]) => ({ where: `fly checks.${name}`, path: c.path })),
      { where: 'deploy/railway/bot.json healthcheckPath', path: railway.bot.deploy.healthcheckPath },
    ],
  };
  for (const list of Object.values(paths)) for (const { where, path } of list) assert.match(path ?? '', /^\/\S*$/, `${where} has a path`);

  // The API process, and a split bot connected to the fake Discord and to that API, as deployed.
  const api = await startTestApp(t);
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const bot = await startTestApp(t, { db: api.db, api: false, bot: true, env: { ...world.env, API_URL: api.url } });
  for (const [role, base] of [['api', api.url], ['bot', bot.url]] as const) {
    for (const { where, path } of paths[role]) {
      const response = await request(base, 'GET', path);
      assert.equal(response.status, 200, `${where}: GET ${path} on the ${role} process answered ${response.status}`);
    }
  }
});

async function helpOf(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', join(root, 'test/support/register.mjs'), join(root, 'src/main.ts'), ...args, '--help'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `bin/app ${args.join(' ')} --help exited ${code}`);
  return stdout;
}
