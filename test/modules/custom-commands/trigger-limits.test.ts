// What a guild's auto-responses may cost, through the API: a too costly pattern and a guild over its
// limits are 422s that say the limit, on every door a trigger comes in by, and under parallel saves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REGEX_TRIGGERS_PER_GUILD } from '../../../src/modules/custom-commands/triggers/trigger-limits.ts';
import { MAX_REGEX_INSTRUCTIONS, MAX_REGEX_INSTRUCTIONS_PER_GUILD, regexInstructions } from '../../../src/platform/regex/limits.ts';
import { startTestApp } from '../../support/app.ts';

const GUILD = '333333333333333333';
const OTHER = '444444444444444444';
const regex = (pattern: string) => ({ type: 'regex', pattern });

test('the issue pattern is refused when saved, naming trigger.pattern and the limit', async (t) => {
  const { request } = await startTestApp(t);
  const res = await request('POST', '/api/commands', { guild_id: GUILD, name: 'slow', response: 'x', trigger: regex('((.{10}){10}){10}zz1') });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.errors[0].field, 'trigger.pattern');
  assert.match(res.body.errors[0].message, new RegExp(`at most ${MAX_REGEX_INSTRUCTIONS} are allowed`));
});

test('parallel saves cannot together pass the size limit of a guild automaton', async (t) => {
  const { request } = await startTestApp(t);
  const big = (i: number) => `a.{190}zz${i}`;
  const size = regexInstructions(big(0), false);
  const room = Math.floor(MAX_REGEX_INSTRUCTIONS_PER_GUILD / size);
  for (let i = 0; i < room - 1; i++) {
    assert.equal((await request('POST', '/api/commands', { guild_id: GUILD, name: `big${i}`, response: 'x', trigger: regex(big(i)) })).status, 201);
  }
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => request('POST', '/api/commands', { guild_id: GUILD, name: `race${i}`, response: 'x', trigger: regex(big(100 + i)) })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, ...Array(9).fill(422)]);
  const refused = results.find((r) => r.status === 422);
  assert.equal(refused?.body.code, 'TRIGGER_LIMIT');
  assert.equal(refused?.body.errors[0].field, 'trigger');
  assert.match(refused?.body.errors[0].message, new RegExp(`at most ${MAX_REGEX_INSTRUCTIONS_PER_GUILD} RE2 instructions`));
  // Another guild has its own room.
  assert.equal((await request('POST', '/api/commands', { guild_id: OTHER, name: 'big', response: 'x', trigger: regex(big(0)) })).status, 201);
});

test('the regex count of a guild holds on create, update, undelete, version restore and import', async (t) => {
  const { request } = await startTestApp(t);
  const add = (name: string, trigger?: unknown) => request('POST', '/api/commands', { guild_id: GUILD, name, response: 'x', ...(trigger ? { trigger } : {}) });
  const limit = new RegExp(`at most ${MAX_REGEX_TRIGGERS_PER_GUILD} regex triggers`);
  const isLimit = (res: { status: number; body: { errors?: { field: string; message: string }[] } }) => {
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.errors?.[0]?.field, 'trigger');
    assert.match(res.body.errors?.[0]?.message ?? '', limit);
  };

  const versioned = (await add('versioned', regex('v\\d+'))).body;
  assert.equal((await request('PATCH', `/api/commands/${versioned.id}`, { trigger: null })).status, 200);
  const doomed = (await add('doomed', regex('doom'))).body;
  assert.equal((await request('DELETE', `/api/commands/${doomed.id}`)).status, 204);
  for (let i = 0; i < MAX_REGEX_TRIGGERS_PER_GUILD; i++) assert.equal((await add(`r${i}`, regex(`w${i}\\b`))).status, 201);

  isLimit(await add('one-more', regex('more')));
  assert.equal((await add('plain', { type: 'contains', pattern: 'still fine' })).status, 201, 'other trigger types have their own limit');
  const plain = (await add('no-trigger')).body;
  isLimit(await request('PATCH', `/api/commands/${plain.id}`, { trigger: regex('late') }));
  isLimit(await request('POST', `/api/commands/${doomed.id}/restore`));
  isLimit(await request('POST', `/api/commands/${versioned.id}/versions/1/restore`));
  // Changing the pattern of a regex the guild already has keeps the count.
  const first = (await request('GET', `/api/commands?guild_id=${GUILD}&q=r0`)).body.items[0];
  assert.equal((await request('PATCH', `/api/commands/${first.id}`, { trigger: regex('w0+') })).status, 200);

  const file = {
    format: 'concord.commands.v1',
    guild_id: GUILD,
    commands: Array.from({ length: MAX_REGEX_TRIGGERS_PER_GUILD + 1 }, (_, i) => ({ name: `imported${i}`, response: 'x', trigger: regex(`i${i}`) })),
  };
  isLimit(await request('POST', `/api/guilds/${OTHER}/commands/import`, file));
  isLimit(await request('POST', `/api/guilds/${OTHER}/commands/import?dry_run=false`, file));
  assert.equal((await request('GET', `/api/commands?guild_id=${OTHER}`)).body.items.length, 0, 'a refused import writes nothing');
});
