// The dashboard's pure helpers: API client, field errors, times, live-log merging, paged lists, the preview.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModuleDefinition } from '../../src/module-kit/contract.ts';
import { settingsJsonSchema } from '../../src/module-kit/settings.ts';
import { ApiError, api, type CommandLog, query } from '../../src/web/lib/api.ts';
import { labelledDays } from '../../src/web/lib/chart.ts';
import { fieldMessages, parseAliases } from '../../src/web/lib/field-errors.ts';
import { documentTitle, formatDateTime, localInputToIso, shortDate, sinceFor, weekday } from '../../src/web/lib/format.ts';
import { mergeLogs, newestId } from '../../src/web/lib/logs-merge.ts';
import { changedSettings, newRecord, sameValue, settingErrors, settingFields } from '../../src/web/lib/module-settings.ts';
import { previewTemplate } from '../../src/web/lib/preview.ts';
import { emptyPagedState, type PagedAction, type PagedState, pagedStatus, reducePagedList } from '../../src/web/lib/use-paged-list.ts';

/** The Modules page's fixture plugin, whose settings take every kind (a path, so it is loaded as a plugin is). */
const ONBOARDING = new URL('./fixtures/onboarding.mjs', import.meta.url).href;
const onboarding = ((await import(ONBOARDING)) as { default: ModuleDefinition }).default;

const reply = (status: number, body: unknown, type = 'application/problem+json') =>
  (async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } })) as typeof fetch;

test('api() resolves JSON and turns problem+json into an ApiError with field errors', async () => {
  assert.deepEqual(await api('GET', '/api/x', undefined, { fetch: reply(200, { ok: 1 }, 'application/json') }), { ok: 1 });
  assert.equal(await api('DELETE', '/api/x', undefined, { fetch: reply(204, undefined) }), undefined);
  const problem = { status: 422, code: 'VALIDATION_FAILED', detail: 'name: bad', errors: [{ field: 'name', message: 'bad' }] };
  await assert.rejects(api('POST', '/api/x', {}, { fetch: reply(422, problem) }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 422);
    assert.deepEqual(error.errors, problem.errors);
    return true;
  });
  const offline = (async () => {
    throw new TypeError('fetch failed');
  }) as typeof fetch;
  await assert.rejects(api('GET', '/api/x', undefined, { fetch: offline }), { code: 'NETWORK', status: 0 });
  await assert.rejects(api('GET', '/api/x', undefined, { fetch: reply(502, undefined, 'text/html') }), { code: 'HTTP_ERROR', status: 502 });
});

test("a module's settings form is read from the JSON Schema the API publishes", () => {
  const fields = settingFields(settingsJsonSchema(onboarding.settings ?? {}));
  assert.deepEqual(
    fields.map((f) => [f.key, f.kind]),
    [
      ['welcome_message', 'text'],
      ['tone', 'string'],
      ['delay_minutes', 'integer'],
      ['mention_member', 'boolean'],
      ['greeter_role_id', 'role'],
      ['starter_role_ids', 'roles'],
      ['quiet_channel_ids', 'channels'],
      ['steps', 'list'],
    ],
  );
  const [message, tone, delay, , , starters, , steps] = fields;
  assert.deepEqual([message?.description, message?.default, message?.maxLength], ['The welcome message', 'Welcome, {user}!', 500]);
  assert.deepEqual(tone?.choices, ['friendly', 'formal'], 'the null that allows "none" is not a choice');
  assert.deepEqual([delay?.minimum, delay?.maximum, delay?.default], [0, 60, 5]);
  assert.deepEqual([starters?.maxItems, starters?.default], [5, []]);
  assert.equal(steps?.maxItems, 10);
  assert.deepEqual(
    steps?.fields?.map((f) => [f.key, f.kind]),
    [
      ['role_id', 'role'],
      ['channel_id', 'channel'],
      ['after_days', 'integer'],
    ],
  );
  assert.deepEqual(newRecord(steps?.fields ?? []), { role_id: null, channel_id: null, after_days: 1 });
  assert.deepEqual(settingFields({ type: 'object', properties: { later: { 'x-concord-kind': 'colour' }, odd: 'x' } }), [], 'a kind it cannot draw is left out');
});

test('a save sends only the settings that changed, whatever the order of a record\'s keys', () => {
  const saved = { a: 'x', roles: ['1', '2'], steps: [{ role_id: '1', after_days: 2 }], on: false };
  assert.deepEqual(changedSettings({ ...saved, steps: [{ after_days: 2, role_id: '1' }] }, saved), {});
  assert.deepEqual(changedSettings({ ...saved, a: null, roles: ['2', '1'] }, saved), { a: null, roles: ['2', '1'] });
  assert.deepEqual(changedSettings({ ...saved, steps: [...saved.steps, { role_id: null, after_days: 1 }] }, saved), { steps: [...saved.steps, { role_id: null, after_days: 1 }] });
  const cases: [unknown, unknown, boolean][] = [
    [null, null, true],
    [0, null, false],
    [[], {}, false],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
  ];
  for (const [a, b, same] of cases) assert.equal(sameValue(a, b), same, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
});

test("the API's errors land on the setting, or the list entry's field, they name", () => {
  const fields = settingFields(settingsJsonSchema(onboarding.settings ?? {}));
  assert.deepEqual(
    settingErrors(
      [
        { field: 'settings.delay_minutes', message: 'must be at most 60' },
        { field: 'settings.starter_role_ids.1', message: 'role 9 is not a role of this server' },
        { field: 'settings.steps.0.after_days', message: 'must be at most 30' },
        { field: 'settings.steps.1.role_id', message: '@everyone cannot be chosen here' },
        { field: 'settings.steps', message: 'at most 10' },
        { field: 'settings.steps.2.colour', message: 'is not expected' },
        { field: 'settings.nope', message: 'is not expected' },
        { field: 'version', message: 'must be a whole number' },
      ],
      fields,
    ),
    {
      delay_minutes: 'must be at most 60',
      starter_role_ids: 'role 9 is not a role of this server',
      'steps.0.after_days': 'must be at most 30',
      'steps.1.role_id': '@everyone cannot be chosen here',
      steps: 'at most 10',
      form: 'settings.nope: is not expected',
    },
  );
});

test('query() keeps only values that are set', () => {
  const cases: [Record<string, string | number | undefined | null>, string][] = [
    [{}, ''],
    [{ a: undefined, b: null, c: '' }, ''],
    [{ guild_id: '1', limit: 50 }, '?guild_id=1&limit=50'],
    [{ q: 'a b&c' }, '?q=a+b%26c'],
  ];
  for (const [input, expected] of cases) assert.equal(query(input), expected);
});

test('validation errors land on their field; nested paths on the top field; unknown ones on the form', () => {
  const fields = ['name', 'response', 'aliases'];
  assert.deepEqual(
    fieldMessages(
      [
        { field: 'name', message: 'bad name' },
        { field: 'name', message: 'second message' },
        { field: 'aliases.1', message: 'bad alias' },
        { field: 'guild_id', message: 'not yours' },
      ],
      fields,
    ),
    { name: 'bad name', aliases: 'bad alias', form: 'guild_id: not yours' },
  );
  assert.deepEqual(parseAliases(' Hi, hey  yo,,'), ['hi', 'hey', 'yo']);
});

test('times are shown in the viewer\'s zone; calendar days stay the same day everywhere', () => {
  const iso = '2026-01-31T23:30:00.000Z';
  assert.equal(formatDateTime(iso, { timeZone: 'UTC', locale: 'en-GB' }), '31 Jan 2026, 23:30:00');
  assert.equal(formatDateTime(iso, { timeZone: 'Europe/Paris', locale: 'en-GB' }), '1 Feb 2026, 00:30:00');
  assert.equal(formatDateTime(iso, { timeZone: 'America/New_York', locale: 'en-GB' }), '31 Jan 2026, 18:30:00');
  assert.equal(weekday('2026-11-27', 'en-GB'), 'Fri');
  assert.equal(shortDate('2026-11-27', 'en-GB'), '27 Nov');
  const now = Date.UTC(2026, 10, 27, 12);
  assert.equal(sinceFor('1h', now), '2026-11-27T11:00:00.000Z');
  assert.equal(sinceFor('all', now), undefined);
  assert.equal(localInputToIso(''), undefined);
  assert.equal(localInputToIso('not a date'), undefined);
  assert.equal(localInputToIso('2026-11-27T12:00'), new Date(2026, 10, 27, 12).toISOString());
});

function row(id: string, at: string): CommandLog {
  return {
    id,
    occurred_at: at,
    guild_id: '1',
    channel_id: '2',
    user_id: '3',
    user_name: 'u',
    command: 'ping',
    args: '',
    source: 'prefix',
    status: 'ok',
    latency_ms: 1,
    error: null,
    event_id: `e${id}`,
    metadata: {},
  };
}

test('live rows merge in API order without repeats, and the next poll starts after the largest id', () => {
  const shown = [row('9', '2026-01-01T00:00:09Z'), row('8', '2026-01-01T00:00:08Z')];
  const polled = [row('11', '2026-01-01T00:00:10Z'), row('10', '2026-01-01T00:00:05Z'), row('9', '2026-01-01T00:00:09Z')];
  assert.deepEqual(
    mergeLogs(shown, polled).map((r) => r.id),
    ['11', '9', '8', '10'],
  );
  const tied = [row('2', '2026-01-01T00:00:00Z'), row('10', '2026-01-01T00:00:00Z')];
  assert.deepEqual(
    mergeLogs([], tied).map((r) => r.id),
    ['10', '2'],
    'ties break by id as numbers, not strings',
  );
  assert.equal(newestId([row('9', 'x'), row('10', 'y')]), '10');
  assert.equal(newestId([]), undefined);
});

test('the preview renders with the bot\'s template code and shows mentions as Discord does', () => {
  const base = { userName: 'Ada', userId: '42', guildName: 'Test Guild', args: 'one two', uses: 3 };
  const cases: [string, string][] = [
    ['Hi {user}!', 'Hi Ada!'],
    ['Hey {user.mention} in {channel}', 'Hey [@Ada] in [#general]'],
    ['{1}/{2}/{3}', 'one/two/'],
    ['{guild} #{uses}', 'Test Guild #3'],
    ['{choose:a|b}', 'a'],
    ['{unknown}', '{unknown}'],
  ];
  for (const [template, expected] of cases) {
    const text = previewTemplate({ ...base, template })
      .segments.map((s) => (s.kind === 'text' ? s.text : `[${s.text}]`))
      .join('');
    assert.equal(text, expected, template);
  }
  assert.deepEqual(previewTemplate({ ...base, template: 'pick {choose:}' }).problems, ['{choose:} needs options: {choose:first|second}']);
});

test('a bar chart labels as many days as fit, always the latest, never closer than the spacing', () => {
  const cases: [count: number, width: number, spacing: number, expected: number[]][] = [
    [7, 700, 40, [0, 1, 2, 3, 4, 5, 6]],
    [7, 140, 40, [0, 2, 4, 6]],
    [30, 1200, 64, [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]],
    [30, 300, 64, [1, 8, 15, 22, 29]],
    [30, 0, 64, [29]],
    [1, 300, 64, [0]],
    [0, 300, 64, []],
  ];
  for (const [count, width, spacing, expected] of cases) {
    const got = labelledDays(count, width, spacing);
    assert.deepEqual(got, expected, `${count} days in ${width} px`);
    const column = width / count;
    for (let i = 1; i < got.length; i++) assert.ok(((got[i] ?? 0) - (got[i - 1] ?? 0)) * column >= spacing, `${count} days in ${width} px: labels too close`);
  }
});

test('the document title names the view, then the server, then Concord', () => {
  assert.equal(documentTitle('Logs', 'My Server'), 'Logs · My Server · Concord');
  assert.equal(documentTitle('Errors', null), 'Errors · Concord');
});

test('a paged list shows the load asked for, pages on by cursor, and drops pages of a list no longer shown', () => {
  const append = (rows: readonly number[], page: readonly number[]) => [...rows, ...page];
  const run = (actions: PagedAction<number>[]) => actions.reduce<PagedState<number>>((state, action) => reducePagedList(state, action, append), emptyPagedState);
  const first: PagedAction<number> = { type: 'loaded', load: '0:a', page: { items: [1, 2], next_cursor: 'c1' } };
  const cases: [name: string, actions: PagedAction<number>[], load: string, expected: Pick<PagedState<number>, 'rows' | 'cursor' | 'loadingMore'> & { status: string }][] = [
    ['nothing loaded yet', [], '0:a', { status: 'loading', rows: [], cursor: null, loadingMore: false }],
    ['first page', [first], '0:a', { status: 'ready', rows: [1, 2], cursor: 'c1', loadingMore: false }],
    ['another key: loading, the old rows kept', [first], '0:b', { status: 'loading', rows: [1, 2], cursor: 'c1', loadingMore: false }],
    ['a retry is loading again', [first], '1:a', { status: 'loading', rows: [1, 2], cursor: 'c1', loadingMore: false }],
    ['loading more', [first, { type: 'more', load: '0:a' }], '0:a', { status: 'ready', rows: [1, 2], cursor: 'c1', loadingMore: true }],
    [
      'the next page merged, the last cursor',
      [first, { type: 'more', load: '0:a' }, { type: 'more-loaded', load: '0:a', page: { items: [3], next_cursor: null } }],
      '0:a',
      { status: 'ready', rows: [1, 2, 3], cursor: null, loadingMore: false },
    ],
    ['a failed next page leaves the list to try again', [first, { type: 'more', load: '0:a' }, { type: 'more-failed', load: '0:a' }], '0:a', { status: 'ready', rows: [1, 2], cursor: 'c1', loadingMore: false }],
    [
      'a next page of another key is dropped',
      [first, { type: 'loaded', load: '0:b', page: { items: [9], next_cursor: null } }, { type: 'more-loaded', load: '0:a', page: { items: [3], next_cursor: 'c2' } }],
      '0:b',
      { status: 'ready', rows: [9], cursor: null, loadingMore: false },
    ],
    ['rows edited in place (live rows, optimistic changes)', [first, { type: 'edit', update: (rows) => [0, ...rows] }], '0:a', { status: 'ready', rows: [0, 1, 2], cursor: 'c1', loadingMore: false }],
    ['a failed first page', [first, { type: 'failed', load: '1:a', error: new Error('down') }], '1:a', { status: 'error', rows: [1, 2], cursor: 'c1', loadingMore: false }],
    [
      'a retry that works clears the error',
      [{ type: 'failed', load: '0:a', error: new Error('down') }, { ...first, load: '1:a' }],
      '1:a',
      { status: 'ready', rows: [1, 2], cursor: 'c1', loadingMore: false },
    ],
  ];
  for (const [name, actions, load, expected] of cases) {
    const state = run(actions);
    assert.deepEqual({ status: pagedStatus(state, load), rows: state.rows, cursor: state.cursor, loadingMore: state.loadingMore }, expected, name);
  }
  assert.equal(run([first, { type: 'failed', load: '1:a', error: new Error('down') }]).error?.message, 'down');
});
