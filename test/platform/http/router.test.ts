import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '../../../src/platform/http/router.ts';

const router = new Router()
  .get('/api/commands', () => ({ body: 'list' }))
  .post('/api/commands', () => ({ body: 'create' }))
  .get('/api/commands/:id', () => ({ body: 'one' }))
  .patch('/api/commands/:id', () => ({ body: 'change' }))
  .get('/assets/*', () => ({ body: 'file' }));

const cases: { method: string; path: string; expect: unknown }[] = [
  { method: 'GET', path: '/api/commands', expect: { kind: 'found', pattern: '/api/commands', params: {} } },
  { method: 'GET', path: '/api/commands/', expect: { kind: 'found', pattern: '/api/commands', params: {} } },
  { method: 'HEAD', path: '/api/commands', expect: { kind: 'found', pattern: '/api/commands', params: {} } },
  { method: 'POST', path: '/api/commands', expect: { kind: 'found', pattern: '/api/commands', params: {} } },
  { method: 'GET', path: '/api/commands/42', expect: { kind: 'found', pattern: '/api/commands/:id', params: { id: '42' } } },
  { method: 'GET', path: '/api/commands/a%20b', expect: { kind: 'found', pattern: '/api/commands/:id', params: { id: 'a b' } } },
  { method: 'GET', path: '/assets/js/app.js', expect: { kind: 'found', pattern: '/assets/*', params: { '*': 'js/app.js' } } },
  { method: 'DELETE', path: '/api/commands', expect: { kind: 'wrong-method', allowed: ['GET', 'HEAD', 'POST'] } },
  { method: 'PUT', path: '/api/commands/1', expect: { kind: 'wrong-method', allowed: ['GET', 'HEAD', 'PATCH'] } },
  { method: 'GET', path: '/api/commands/1/extra', expect: { kind: 'none' } },
  { method: 'GET', path: '/nothing', expect: { kind: 'none' } },
  { method: 'GET', path: '/api/commandsX', expect: { kind: 'none' } },
];

for (const { method, path, expect } of cases) {
  test(`${method} ${path}`, () => {
    const match = router.match(method, path);
    const { handler: _handler, ...rest } = match as { handler?: unknown };
    assert.deepEqual(rest, expect);
  });
}

test('routes without parameters match by string, with the same rules as the regex', () => {
  const ordered = new Router()
    .get('/', () => ({ body: 'root' }))
    .get('/api/things/:id', () => ({ body: 'one' }))
    .get('/api/things/new', () => ({ body: 'never: the parameter route above comes first' }))
    .get('/api/a.b', () => ({ body: 'dot' }));
  const pattern = (method: string, path: string) => {
    const match = ordered.match(method, path);
    return match.kind === 'found' ? match.pattern : match.kind;
  };
  assert.equal(pattern('GET', '/'), '/');
  assert.equal(pattern('GET', '//'), '/');
  assert.equal(pattern('GET', '/api/things/new'), '/api/things/:id');
  assert.equal(pattern('GET', '/api/a.b/'), '/api/a.b');
  assert.equal(pattern('GET', '/api/aXb'), 'none');
  assert.equal(pattern('GET', '/API/a.b'), 'none');
  assert.equal(pattern('GET', '/api/a.b//'), 'none');
});
