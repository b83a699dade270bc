// Hostile input is a client error, never a 500: the inputs issue 10 found, and then every route of the
// OpenAPI document driven with hostile query values, path ids and body fields. A route added later is
// driven too; one with a body must add a valid example below, or this file fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp, type TestResponse } from '../../support/app.ts';
import { loginEnv } from '../../support/dashboard-login.ts';
import { startFakeDiscord } from '../../support/fake-discord/index.ts';

const GUILD = '100000000000000001';
const USER = '200000000000000002';
const CHANNEL = '300000000000000003';

/** `depth` objects inside each other, as text (JSON.stringify of such a value would itself overflow). */
const deeplyNested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const logRow = (extra: Record<string, unknown> = {}) => ({
  occurred_at: '2026-01-31T12:00:00Z',
  guild_id: GUILD,
  channel_id: CHANNEL,
  user_id: USER,
  user_name: 'Ada',
  command: 'ping',
  args: '',
  source: 'prefix',
  status: 'ok',
  latency_ms: 3,
  error: null,
  event_id: `e-${Math.random()}`,
  metadata: {},
  ...extra,
});
const statsRow = (extra: Record<string, unknown> = {}) => ({ guild_id: GUILD, user_id: USER, day: '2026-01-31', messages: 1, commands: 0, ...extra });
const occurrence = (extra: Record<string, unknown> = {}) => ({
  fingerprint: '0123456789abcdef',
  source: 'command',
  error_type: 'Error',
  message: 'boom',
  stack: 'Error: boom',
  error_id: 'abcd1234',
  context: { command: 'x' },
  ...extra,
});

/** A valid body for every route that takes one, keyed `METHOD /pattern`; the mutations start here. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/commands': { guild_id: GUILD, name: 'hostile', response: 'hi {user}', metadata: { note: 'x', n: 1 } },
  'PATCH /api/commands/:id': { response: 'hello', description: 'd', metadata: { note: 'y' } },
  'PATCH /api/guilds/:guild_id/modules/:name': { version: 0, enabled: true, settings: {} },
  'POST /api/guilds/:guild_id/cases': { action: 'warn', user_id: USER, reason: 'spam' },
  'PATCH /api/guilds/:guild_id/cases/:number': { reason: 'spam' },
  'POST /api/guilds/:guild_id/role-menus': { channel_id: CHANNEL, content: 'Pick', style: 'buttons', mode: 'toggle', options: [{ role_id: USER, label: 'Red' }] },
  'PATCH /api/guilds/:guild_id/role-menus/:id': { content: 'Pick one', mode: 'unique' },
  'PATCH /api/guilds/:guild_id/settings': { version: 0, prefix: '?', disabled_commands: ['top'], time_zone: 'Europe/Berlin', viewer_role_ids: [USER], editor_role_ids: [] },
  'POST /api/commands/:id/preview': { user_id: USER, user_name: 'Ada', channel_id: CHANNEL, args: 'x', user_names: { [USER]: 'Ada' } },
  'POST /api/guilds/:guild_id/commands/import': {
    format: 'concord.commands.v1',
    guild_id: GUILD,
    commands: [{ name: 'imported', response: 'hi', metadata: { k: 'v' } }],
  },
  'POST /api/logs': { items: [logRow({ metadata: { custom_command_id: '1' } })] },
  'POST /api/schedules': { guild_id: GUILD, channel_id: CHANNEL, content: 'hello', run_at: '2030-01-01T00:00:00Z' },
  'POST /api/stats/ingest': { items: [statsRow()] },
  'POST /api/errors': occurrence(),
};

/** Routes that read no body: the mutations of the body do not apply. */
const NO_BODY = ['GET', 'DELETE'];
const BODILESS_POSTS = new Set(['POST /api/commands/:id/restore', 'POST /api/commands/:id/versions/:version/restore', 'POST /api/errors/:id/resolve']);

const HOSTILE_QUERY_VALUES = [
  '\u0000',
  'a\u0000b',
  'WyJhYmMiXQ', // ["abc"]
  'WyJ4IiwiMSJd', // ["x","1"]
  'WzFd', // [1]
  'WyIwMDAwLTAxLTAxVDAwOjAwOjAwWiIsIjk5OTk5OTk5OTk5OTk5OTk5OTk5Il0', // ["0000-01-01T00:00:00Z","99999999999999999999"]
  '0000-01-01T00:00:00Z',
  '99999999999999999999',
  '-1',
  'x'.repeat(3_000),
];
const HOSTILE_PATH_VALUES = ['abc', '0', '-1', '99999999999999999999', '1e3', '%00', '%ED%A0%80', 'x'.repeat(300)];
const HOSTILE_STRINGS = ['a\u0000b', '\ud800', 'x\udfffy'];
const HOSTILE_NUMBERS = [2 ** 31, 1e19, -1, 0.5, Number.MAX_SAFE_INTEGER + 2];

/** The list, each with the field the answer must name. */
const KNOWN_BAD: { name: string; method: string; path: string; body?: unknown; raw?: string; field: string }[] = [
  { name: 'a hand-made cursor on /api/commands', method: 'GET', path: '/api/commands?cursor=WyJhYmMiXQ', field: 'query.cursor' },
  { name: 'a hand-made cursor on /api/logs', method: 'GET', path: '/api/logs?cursor=WyJ4IiwiMSJd', field: 'query.cursor' },
  { name: 'a hand-made cursor on /api/audit', method: 'GET', path: '/api/audit?cursor=WyJ4IiwiMSJd', field: 'query.cursor' },
  { name: 'a hand-made cursor on /api/reminders', method: 'GET', path: '/api/reminders?cursor=WyJhYmMiXQ', field: 'query.cursor' },
  { name: 'a hand-made cursor on /api/schedules', method: 'GET', path: '/api/schedules?cursor=WyJhYmMiXQ', field: 'query.cursor' },
  { name: 'a hand-made cursor on /api/errors', method: 'GET', path: '/api/errors?cursor=WyJ4IiwiMSJd', field: 'query.cursor' },
  { name: 'a NUL in response', method: 'POST', path: '/api/commands', body: { name: 'nul', response: 'a\u0000b' }, field: 'response' },
  { name: 'a NUL in a metadata string', method: 'POST', path: '/api/commands', body: { name: 'nulmeta', response: 'x', metadata: { a: 'b\u0000' } }, field: 'metadata.a' },
  { name: 'a lone surrogate in metadata', method: 'POST', path: '/api/commands', body: { name: 'surrogate', response: 'x', metadata: { a: '\ud800' } }, field: 'metadata.a' },
  { name: 'metadata nested 20,000 deep', method: 'POST', path: '/api/commands', raw: `{"name":"deep","response":"x","metadata":${deeplyNested(20_000)}}`, field: 'metadata' },
  { name: 'metadata: []', method: 'POST', path: '/api/commands', body: { name: 'arraymeta', response: 'x', metadata: [] }, field: 'metadata' },
  { name: 'a NUL in a log row’s metadata', method: 'POST', path: '/api/logs', body: { items: [logRow({ metadata: { a: '\u0000' } })] }, field: 'items.0.metadata.a' },
  { name: 'metadata: [] in a log row', method: 'POST', path: '/api/logs', body: { items: [logRow({ metadata: [] })] }, field: 'items.0.metadata' },
  { name: 'since of year 0000 on logs', method: 'GET', path: '/api/logs?since=0000-01-01T00:00:00Z', field: 'query.since' },
  { name: 'until of year 0000 on logs', method: 'GET', path: '/api/logs?until=0000-01-01T00:00:00Z', field: 'query.until' },
  { name: 'since of year 0000 on audit', method: 'GET', path: '/api/audit?since=0000-01-01T00:00:00Z', field: 'query.since' },
  { name: 'until of year 0000 on audit', method: 'GET', path: '/api/audit?until=0000-01-01T00:00:00Z', field: 'query.until' },
  { name: 'custom_command_id "abc" on log ingest', method: 'POST', path: '/api/logs', body: { items: [logRow({ metadata: { custom_command_id: 'abc' } })] }, field: 'items.0.metadata.custom_command_id' },
  { name: 'latency_ms 2^31 on log ingest', method: 'POST', path: '/api/logs', body: { items: [logRow({ latency_ms: 2 ** 31 })] }, field: 'items.0.latency_ms' },
  { name: 'day 2026-02-30 on stats ingest', method: 'POST', path: '/api/stats/ingest', body: { items: [statsRow({ day: '2026-02-30' })] }, field: 'items.0.day' },
  { name: 'messages 1e19 on stats ingest', method: 'POST', path: '/api/stats/ingest', body: { items: [statsRow({ messages: 1e19 })] }, field: 'items.0.messages' },
  { name: 'a NUL in an error’s context', method: 'POST', path: '/api/errors', body: occurrence({ context: { command: 'a\u0000' } }), field: 'context.command' },
];

test('hostile input is a 4xx problem naming the field, never a 500', async (t) => {
  // Login configured against the fake Discord, so the /auth routes run for real.
  const fake = await startFakeDiscord({ token: 'fake-bot-token' });
  t.after(() => fake.close());
  fake.addGuild({ id: GUILD, name: 'Target', channels: [{ id: CHANNEL, name: 'general' }] });
  const { request: api } = await startTestApp(t, { env: { ...loginEnv(fake), DISCORD_TOKEN: 'fake-bot-token' } });
  const created = await api('POST', '/api/commands', { guild_id: GUILD, name: 'target', response: 'hi' });
  assert.equal(created.status, 201);
  const commandId: string = created.body.id;

  for (const bad of KNOWN_BAD) {
    await t.test(bad.name, async (st) => {
      const res = await api(bad.method, bad.path, bad.raw ?? bad.body);
      assertClientProblem(res, `${bad.method} ${bad.path}`, bad.field);
      st.diagnostic(`${res.status} ${res.body.code} ${res.body.errors.map((e: { field: string }) => e.field).join(', ')}`);
    });
  }

  let sent = 0;
  const drive: typeof api = (...args) => {
    sent++;
    return api(...args);
  };
  t.after(() => t.diagnostic(`${sent} hostile requests over ${routes.length} routes, none answered 5xx`));

  const spec = (await api('GET', '/api/openapi.json')).body as OpenApi;
  const routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
  assert.ok(routes.length > 30, 'the OpenAPI document lists the routes');
  // The login flow is not in the document (it is not under /api); drive it too.
  const query = (...names: string[]) => names.map((name) => ({ name, in: 'query' }));
  routes.push(
    { method: 'GET', path: '/auth/login', operation: { parameters: [] } },
    { method: 'GET', path: '/auth/callback', operation: { parameters: query('code', 'state', 'error', 'error_description') } },
    { method: 'POST', path: '/auth/logout', operation: { parameters: [] } },
  );

  /** A real path for a pattern: the command made above, else ids that exist nowhere. */
  const concrete = (path: string, override?: [string, string]) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (override && override[0] === name) return override[1];
      if (name === 'id') return path.startsWith('/api/commands') ? commandId : '1';
      if (name === 'guild_id') return GUILD;
      if (name === 'user_id') return USER;
      if (name === 'version') return '1';
      // A module that exists, so its settings are validated past the lookup.
      if (name === 'name') return 'stats';
      return '1';
    });

  await t.test('every route with hostile query values', async () => {
    for (const { method, path, operation } of routes) {
      const body = VALID_BODIES[`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`];
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'query')) {
        for (const value of HOSTILE_QUERY_VALUES) {
          const target = `${concrete(path)}?${new URLSearchParams({ [parameter.name]: value })}`;
          assertNotServerError(await drive(method, target, body), `${method} ${target}`, `query.${parameter.name}`);
        }
      }
    }
  });

  await t.test('every route with hostile path ids', async () => {
    for (const { method, path } of routes) {
      const body = VALID_BODIES[`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`];
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        for (const value of HOSTILE_PATH_VALUES) {
          const target = concrete(path, [name as string, value]);
          assertNotServerError(await drive(method, target, body), `${method} ${target}`);
        }
      }
    }
  });

  await t.test('every route with a body, with hostile bodies and fields', async () => {
    for (const { method, path } of routes) {
      const pattern = `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      if (NO_BODY.includes(method) || BODILESS_POSTS.has(pattern) || pattern === 'POST /auth/logout') continue;
      const valid = VALID_BODIES[pattern];
      assert.ok(valid !== undefined, `add a valid example body for ${pattern} to VALID_BODIES`);
      const target = concrete(path);
      for (const whole of ['[]', 'null', '"x"', '0', deeplyNested(20_000), `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`]) {
        assertNotServerError(await drive(method, target, whole), `${pattern} with body ${whole.slice(0, 20)}`);
      }
      for (const { path: field, replaced } of mutations(valid)) {
        const res = await drive(method, target, replaced);
        assertNotServerError(res, `${pattern} with ${field} = ${JSON.stringify(valueAt(replaced, field))?.slice(0, 40)}`, field);
      }
    }
  });
});

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

/** A 4xx problem+json whose errors name `field` (or a field inside it). */
function assertClientProblem(res: TestResponse, what: string, field: string): void {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: expected a 4xx, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.headers.get('content-type'), 'application/problem+json', what);
  const fields: string[] = (res.body.errors ?? []).map((e: { field: string }) => e.field);
  assert.ok(
    fields.some((f) => f === field || f.startsWith(`${field}.`) || field.startsWith(`${f}.`)),
    `${what}: expected the problem to name ${field}, got ${JSON.stringify(res.body)}`,
  );
}

/** Below 500; a 400 or 422 is problem+json (a page, in the browser's login flow) and names `field` when one is given. */
function assertNotServerError(res: TestResponse, what: string, field?: string): void {
  assert.ok(res.status < 500, `${what}: got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400 && / \/auth\//.test(what)) {
    assert.match(res.headers.get('content-type') ?? '', /^(text\/html|application\/problem\+json)/, what);
    return;
  }
  if (res.status >= 400) assert.equal(res.headers.get('content-type'), 'application/problem+json', what);
  if (field && (res.status === 400 || res.status === 422) && res.body.code !== 'MALFORMED_JSON') {
    assertClientProblem(res, what, field);
  }
}

/** Each leaf and object of `valid` replaced in turn by hostile values, with the dotted path replaced. */
function* mutations(valid: unknown): Generator<{ path: string; replaced: unknown }> {
  const leaves: { path: string[]; value: unknown }[] = [];
  const walk = (value: unknown, path: string[]) => {
    leaves.push({ path, value });
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    }
  };
  walk(valid, []);
  for (const { path, value } of leaves) {
    if (path.length === 0) continue;
    const hostile =
      typeof value === 'string'
        ? HOSTILE_STRINGS
        : typeof value === 'number'
          ? HOSTILE_NUMBERS
          : value && typeof value === 'object' && !Array.isArray(value)
            ? [[], { 'k\u0000': 1 }, { '\ud800': 1 }]
            : [];
    for (const replacement of hostile) {
      yield { path: path.join('.'), replaced: setAt(valid, path, replacement) };
    }
  }
}

function setAt(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  cursor[path.at(-1) as string] = replacement;
  return copy;
}

function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], value);
}
