// How each edge renders an AppError: the HTTP status and problem fields per kind, the bot's reply,
// and the API client's way back from problem+json to the same kind, code and fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_ERROR_KINDS, AppError, invalidField } from '../../../src/platform/errors/app-error.ts';
import { failureReply } from '../../../src/platform/errors/reply.ts';
import { appErrorOf, HttpError, httpErrorOf, toProblem } from '../../../src/platform/http/problem.ts';

test('each kind has one HTTP status; invalid is 400 on a read', () => {
  const cases = [
    { kind: 'invalid', method: 'POST', status: 422 },
    { kind: 'invalid', method: 'PATCH', status: 422 },
    { kind: 'invalid', method: 'GET', status: 400 },
    { kind: 'invalid', method: 'HEAD', status: 400 },
    { kind: 'not_found', method: 'GET', status: 404 },
    { kind: 'not_found', method: 'DELETE', status: 404 },
    { kind: 'conflict', method: 'POST', status: 409 },
    { kind: 'conflict', method: 'GET', status: 409 },
    { kind: 'forbidden', method: 'PUT', status: 403 },
    { kind: 'limit', method: 'POST', status: 422 },
    { kind: 'unavailable', method: 'GET', status: 503 },
    { kind: 'upstream', method: 'GET', status: 502 },
  ] as const;
  assert.deepEqual(new Set(cases.map((c) => c.kind)), new Set(APP_ERROR_KINDS), 'every kind is covered');
  for (const c of cases) {
    const rendered = httpErrorOf(new AppError(c.kind, 'SOME_CODE', 'what went wrong'), c.method);
    assert.equal(rendered.status, c.status, `${c.kind} on ${c.method}`);
    assert.equal(rendered.code, 'SOME_CODE');
  }
});

test('the problem body keeps the code, the message and the fields', () => {
  const cases = [
    {
      name: 'a named field',
      error: invalidField('name', 'must not be empty'),
      method: 'POST',
      body: { status: 422, code: 'VALIDATION_FAILED', detail: 'name: must not be empty', errors: [{ field: 'name', message: 'must not be empty' }] },
    },
    {
      name: 'an invalid value of no named field, in a write',
      error: new AppError('invalid', 'INVALID_VALUE', 'a value cannot be stored'),
      method: 'POST',
      body: { status: 422, code: 'INVALID_VALUE', detail: '(body): a value cannot be stored', errors: [{ field: '(body)', message: 'a value cannot be stored' }] },
    },
    {
      name: 'an invalid value of no named field, in a read',
      error: new AppError('invalid', 'INVALID_VALUE', 'a value cannot be stored'),
      method: 'GET',
      body: { status: 400, code: 'INVALID_VALUE', detail: 'query: a value cannot be stored', errors: [{ field: 'query', message: 'a value cannot be stored' }] },
    },
    {
      name: 'a conflict with its field',
      error: new AppError('conflict', 'COMMAND_NAME_TAKEN', 'the name "hi" is taken', { fields: [{ field: 'name', message: '"hi" is taken' }] }),
      method: 'POST',
      body: { status: 409, code: 'COMMAND_NAME_TAKEN', detail: 'the name "hi" is taken', errors: [{ field: 'name', message: '"hi" is taken' }] },
    },
    {
      name: 'a missing thing, no fields',
      error: new AppError('not_found', 'COMMAND_NOT_FOUND', 'no command with id "9"'),
      method: 'GET',
      body: { status: 404, code: 'COMMAND_NOT_FOUND', detail: 'no command with id "9"' },
    },
  ];
  for (const c of cases) {
    const problem = toProblem(httpErrorOf(c.error, c.method), '/x', 'req-1');
    const { status, code, detail, errors } = problem;
    assert.deepEqual({ status, code, detail, ...(errors ? { errors } : {}) }, c.body, c.name);
    assert.equal(problem.type, `urn:concord:problem:${c.body.code.toLowerCase().replaceAll('_', '-')}`);
  }
});

test('retry-after is a header only when the error says when to try again', () => {
  assert.deepEqual(httpErrorOf(new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'down', { retryAfterSeconds: 5 }), 'GET').headers, { 'retry-after': '5' });
  assert.deepEqual(httpErrorOf(new AppError('unavailable', 'DISCORD_NOT_CONFIGURED', 'no token'), 'GET').headers, {});
});

test('the API client reads a problem back as the AppError it was', () => {
  const cases = [
    { kind: 'invalid', method: 'POST' },
    { kind: 'invalid', method: 'GET' },
    { kind: 'not_found', method: 'GET' },
    { kind: 'conflict', method: 'POST' },
    { kind: 'forbidden', method: 'DELETE' },
    { kind: 'unavailable', method: 'GET' },
    { kind: 'upstream', method: 'GET' },
    // 422 is shared with invalid; both read the same to a user.
    { kind: 'limit', method: 'POST', back: 'invalid' },
  ] as const;
  for (const c of cases) {
    const sent = new AppError(c.kind, 'SOME_CODE', 'what went wrong', { fields: [{ field: 'name', message: 'bad' }] });
    const problem = toProblem(httpErrorOf(sent, c.method), '/x', 'req-1');
    const back = appErrorOf(problem.status, JSON.parse(JSON.stringify(problem)), 'fallback');
    assert.ok(back instanceof AppError, c.kind);
    assert.equal(back.kind, 'back' in c ? c.back : c.kind);
    assert.equal(back.code, 'SOME_CODE');
    assert.equal(back.message, 'what went wrong');
    assert.deepEqual(back.fields, [{ field: 'name', message: 'bad' }]);
  }
});

test("HTTP's own failures do not come back as AppErrors", () => {
  for (const status of [401, 405, 413, 415, 429, 500]) {
    assert.equal(appErrorOf(status, { code: 'X', detail: 'y' }, 'fallback'), undefined, String(status));
  }
});

test('the bot answers every AppError in one sentence and leaves anything else to the dispatcher', () => {
  const cases = [
    { error: new AppError('not_found', 'REMINDER_NOT_FOUND', 'you have no pending reminder #7'), reply: 'That did not work: you have no pending reminder #7.' },
    { error: new AppError('limit', 'REMINDER_LIMIT', 'you already have 25 pending reminders; cancel one first'), reply: 'That did not work: you already have 25 pending reminders; cancel one first.' },
    { error: invalidField('aliases', 'must not repeat the command name'), reply: 'That did not work: aliases: must not repeat the command name.' },
    { error: new HttpError(401, 'UNAUTHORIZED', 'send a token'), reply: undefined },
    { error: new TypeError('x is undefined'), reply: undefined },
    { error: 'a string', reply: undefined },
  ];
  for (const c of cases) assert.equal(failureReply(c.error), c.reply, String(c.error));
});
