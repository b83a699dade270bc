// A route states its schemas once: the mount authenticates, validates path, query and body, and
// hands the handler typed values; failures read the same on every route.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v from 'valibot';
import { mountRoutes, publicRoute, route } from '../../src/module-kit/api-route.ts';
import type { Principal } from '../../src/module-kit/principal.ts';
import { IdParams, wholeNumber } from '../../src/platform/http/pagination.ts';
import { HttpError } from '../../src/platform/http/problem.ts';
import { Router } from '../../src/platform/http/router.ts';
import { createHttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/log.ts';
import { request } from '../support/app.ts';

const ADMIN: Principal = { kind: 'token', isGlobalAdmin: true };

const routes = [
  route({
    method: 'POST',
    path: '/things/:id',
    operationId: 'changeThing',
    summary: 'a route with every kind of input',
    tag: 'test',
    params: IdParams,
    query: v.object({ limit: wholeNumber({ min: 1, max: 10, fallback: 5 }) }),
    body: v.strictObject({
      name: v.pipe(v.string(), v.minLength(2)),
      // A message of our own that happens to start as valibot's do stays as it is.
      kind: v.optional(v.picklist(['a', 'b'])),
      hour: v.optional(v.pipe(v.number(), v.maxValue(23, 'Invalid value for hour: 25 is past 23'))),
    }),
    responses: { 200: { description: 'echo' } },
    handler: (_ctx, { params, query, body, principal }) => ({ body: { id: params.id, limit: query.limit, name: body.name, kind: principal.kind } }),
  }),
  publicRoute({
    method: 'GET',
    path: '/open',
    operationId: 'open',
    summary: 'a public route',
    tag: 'test',
    responses: { 200: { description: 'no caller' } },
    handler: (_ctx, input) => {
      // @ts-expect-error A public route has no caller: reading one does not compile.
      const principal: Principal = input.principal;
      return { body: { principal: principal ?? null } };
    },
  }),
];

test('the mount validates once and hands the handler typed values', async (t) => {
  const router = new Router();
  mountRoutes(router, routes, async (ctx) => {
    if (ctx.headers.authorization !== 'Bearer ok') throw new HttpError(401, 'LOGIN_REQUIRED', 'no credentials');
    return ADMIN;
  });
  const http = createHttpServer({ router, log: createLogger('silent'), bodyLimit: 1_024, requestTimeoutMs: 5_000 });
  const { port } = await http.listen(0, '127.0.0.1');
  t.after(() => http.close());
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: 'Bearer ok' };

  const cases = [
    { name: 'a valid request', path: '/things/7?limit=3', body: { name: 'ab' }, status: 200, echo: { id: '7', limit: 3, name: 'ab', kind: 'token' } },
    { name: 'a default query value', path: '/things/7', body: { name: 'ab' }, status: 200, echo: { id: '7', limit: 5, name: 'ab', kind: 'token' } },
    { name: 'no credentials, before any validation', path: '/things/abc', body: {}, headers: {}, status: 401 },
    { name: 'a malformed id', path: '/things/abc', body: { name: 'ab' }, status: 404, field: 'path.id', message: 'must be a row id' },
    { name: 'a query value below the range', path: '/things/7?limit=0', body: { name: 'ab' }, status: 400, field: 'query.limit', message: 'must be at least 1' },
    { name: 'a query value that is not a number', path: '/things/7?limit=1e1', body: { name: 'ab' }, status: 400, field: 'query.limit', message: 'must be a whole number' },
    { name: 'a short name, in our words not valibot’s', path: '/things/7', body: { name: 'a' }, status: 422, field: 'name', message: 'must be at least 2 characters' },
    { name: 'a missing field', path: '/things/7', body: {}, status: 422, field: 'name', message: 'is required' },
    { name: 'a wrong type', path: '/things/7', body: { name: 5 }, status: 422, field: 'name', message: 'must be a string' },
    { name: 'a message of our own', path: '/things/7', body: { name: 'ab', hour: 25 }, status: 422, field: 'hour', message: 'Invalid value for hour: 25 is past 23' },
    { name: 'a value off the list', path: '/things/7', body: { name: 'ab', kind: 'c' }, status: 422, field: 'kind', message: 'must be one of "a", "b"' },
    { name: 'an unknown field', path: '/things/7', body: { name: 'ab', x: 1 }, status: 422, field: 'x', message: 'is not a known field' },
  ];
  for (const c of cases) {
    await t.test(`${c.name} is ${c.status}`, async () => {
      const res = await request(base, 'POST', c.path, c.body, c.headers ?? auth);
      assert.equal(res.status, c.status, JSON.stringify(res.body));
      if (c.echo) assert.deepEqual(res.body, c.echo);
      if (c.field) {
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        assert.deepEqual(res.body.errors, [{ field: c.field, message: c.message }]);
      }
    });
  }

  await t.test('a route without a body answers at once when its handler does: the server keeps no deadline for it', () => {
    const open = routes[1];
    assert.ok(open?.isPublic);
    const reply = open.run({ params: {}, query: new URLSearchParams() } as never);
    assert.ok(!(reply instanceof Promise));
  });

  await t.test('a public route runs without credentials and without a caller', async () => {
    assert.deepEqual((await request(base, 'GET', '/open')).body, { principal: null });
  });
});
