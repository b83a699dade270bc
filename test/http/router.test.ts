import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '../../src/http/router.ts';

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
