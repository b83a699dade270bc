// The OpenAPI document is the server's contract: for every operation it lists, a valid request and
// invalid ones (bad path, query or body, unknown id, another guild) are sent to a running app; the
// document must agree on which requests are valid, and describe every answer's status and body.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp, TEST_TOKEN } from '../support/app.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';
import { createContract, type Document } from '../support/openapi-contract.ts';

/** One request: as whom, and what the test means by it. */
interface Call {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as is, with this content type, instead of JSON. */
  raw?: { type: string; text: string };
  /** The API token (default), the session of a user managing one guild, of one with a read-only role there, or nobody. */
  as?: 'token' | 'mod' | 'viewer' | 'nobody';
  status: number;
  /** Where the document must find the request invalid too; unset: it must find it valid. */
  invalid?: 'path' | 'query' | 'body';
}

const MISSING = '999999999999999999';
const VIEWERS = '930000000000000001';
/** A role the bot can give (below its own, which may manage roles), for the role menus. */
const COLOUR = '930000000000000002';
const BOT_ROLE = '930000000000000003';

test('every operation answers as the OpenAPI document says', async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const ada = fake.createUser({ username: 'ada' });
  const vera = fake.createUser({ username: 'vera' });
  const guild = fake.addGuild({
    name: 'Engines',
    channels: [{ name: 'general' }],
    roles: [
      { id: VIEWERS, name: 'Viewers' },
      { id: COLOUR, name: 'Colour' },
      { id: BOT_ROLE, name: 'Concord', permissions: 1n << 28n },
    ],
    members: [{ user: ada }, { user: vera, roles: [VIEWERS] }],
    botRoles: [BOT_ROLE],
  });
  const foreign = fake.addGuild({ name: 'Other', channels: [{ name: 'secret' }] });
  const channelId = guild.channels[0]?.id ?? '';
  // A small body limit, so a 413 costs little to send.
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, BODY_LIMIT_BYTES: '16384', ...loginEnv(fake) } });
  const { cookie } = await loginAs(app.url, fake, { user: ada, guilds: [{ id: guild.id, name: guild.name, permissions: PERMISSIONS.manageGuild }] });
  const { cookie: viewerCookie } = await loginAs(app.url, fake, { user: vera, guilds: [{ id: guild.id, name: guild.name, permissions: PERMISSIONS.none }] });
  const contract = createContract((await app.request('GET', '/api/openapi.json')).body as Document);

  const make = async (path: string, body: unknown) => {
    const res = await app.request('POST', path, body);
    assert.ok(res.status < 300, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const command = await make('/api/commands', { guild_id: guild.id, name: 'hello', response: 'hi {user}' });
  await app.request('PATCH', `/api/commands/${command.id}`, { description: 'says hi' });
  const theirs = await make('/api/commands', { guild_id: foreign.id, name: 'theirs', response: 'hi' });
  const doomed = await make('/api/commands', { guild_id: guild.id, name: 'doomed', response: 'bye' });
  const deleted = await make('/api/commands', { guild_id: guild.id, name: 'gone', response: 'bye' });
  await app.request('DELETE', `/api/commands/${deleted.id}`);
  const soon = () => new Date(Date.now() + 86_400_000).toISOString();
  const schedule = await make('/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'news', run_at: soon() });
  const doomedSchedule = await make('/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'old news', run_at: soon() });
  const occurrence = { fingerprint: '0123456789abcdef', source: 'http', error_type: 'Error', message: 'boom', stack: 'Error: boom', error_id: 'abc12345', context: {} };
  const group = await make('/api/errors', occurrence);
  const logRow = (eventId: string) => ({
    occurred_at: new Date().toISOString(),
    guild_id: guild.id,
    channel_id: channelId,
    user_id: ada.id,
    user_name: 'ada',
    command: 'hello',
    args: '',
    source: 'prefix',
    status: 'ok',
    latency_ms: 3,
    error: null,
    event_id: eventId,
  });
  await make('/api/logs', { items: [logRow('seed')] });
  const delta = { guild_id: guild.id, user_id: ada.id, day: new Date().toISOString().slice(0, 10), messages: 2, commands: 1 };
  const exported = (await app.request('GET', `/api/guilds/${guild.id}/commands/export`)).body;
  // Vera may look at the guild, not change it: settings version 1.
  await app.request('PATCH', `/api/guilds/${guild.id}/settings`, { version: 0, viewer_role_ids: [VIEWERS] });

  const menuBody = { channel_id: channelId, content: 'Pick a colour', style: 'buttons', mode: 'toggle', options: [{ role_id: COLOUR, label: 'Colour' }] };
  const menu = await make(`/api/guilds/${guild.id}/role-menus`, menuBody);
  const doomedMenu = await make(`/api/guilds/${guild.id}/role-menus`, menuBody);

  const c = `/api/commands/${command.id}`;
  const g = `/api/guilds/${guild.id}`;
  const nul = { x: '\u0000' };
  const cases: Record<string, Call[]> = {
    checkLiveness: [{ path: '/health/live', status: 200 }, { path: '/health/live', query: nul, status: 400, invalid: 'query' }],
    checkReadiness: [{ path: '/health/ready', status: 200 }, { path: '/health/ready', query: nul, status: 400, invalid: 'query' }],
    checkHealth: [{ path: '/health', status: 200 }, { path: '/health', query: nul, status: 400, invalid: 'query' }],
    getMetrics: [{ path: '/metrics', status: 200 }, { path: '/metrics', query: nul, status: 400, invalid: 'query' }],
    getOpenApi: [{ path: '/api/openapi.json', status: 200 }, { path: '/api/openapi.json', as: 'nobody', status: 401 }],
    getMe: [{ path: '/api/me', status: 200 }, { path: '/api/me', as: 'mod', status: 200 }, { path: '/api/me', as: 'nobody', status: 401 }],
    getOverview: [
      { path: '/api/overview', query: { guild_id: guild.id, tz: 'Europe/Paris' }, as: 'mod', status: 200 },
      { path: '/api/overview', query: { tz: '+02:00' }, status: 400, invalid: 'query' },
      { path: '/api/overview', query: { guild_id: foreign.id }, as: 'mod', status: 403 },
    ],
    getOverviewByOldPath: [
      { path: '/api/data', query: { guild_id: guild.id, tz: 'Europe/Paris' }, as: 'mod', status: 200 },
      { path: '/api/data', query: { tz: '+02:00' }, status: 400, invalid: 'query' },
      { path: '/api/data', query: { guild_id: foreign.id }, as: 'mod', status: 403 },
    ],
    listCommands: [
      { path: '/api/commands', query: { guild_id: guild.id, limit: '1' }, as: 'mod', status: 200 },
      { path: '/api/commands', query: { guild_id: guild.id, deleted: 'true' }, status: 200 },
      { path: '/api/commands', query: { limit: '201' }, status: 400, invalid: 'query' },
      { path: '/api/commands', query: { guild_id: foreign.id }, as: 'mod', status: 403 },
    ],
    createCommand: [
      { path: '/api/commands', body: { guild_id: guild.id, name: 'new-one', response: 'hey' }, as: 'mod', status: 201 },
      { path: '/api/commands', body: { guild_id: guild.id, name: 'Bad Name!', response: 'hey' }, status: 422, invalid: 'body' },
      { path: '/api/commands', body: { guild_id: guild.id, name: 'hello', response: 'again' }, status: 409 },
      { path: '/api/commands', body: { guild_id: foreign.id, name: 'mine-now', response: 'hey' }, as: 'mod', status: 403 },
      { path: '/api/commands', raw: { type: 'text/plain', text: 'name=x' }, status: 415 },
      { path: '/api/commands', raw: { type: 'application/json', text: JSON.stringify({ name: 'big', response: 'x'.repeat(20_000) }) }, status: 413 },
      { path: '/api/commands', raw: { type: 'application/json', text: '{"name":' }, status: 400 },
    ],
    getCommand: [
      { path: c, as: 'mod', status: 200 },
      { path: '/api/commands/abc', status: 404, invalid: 'path' },
      { path: `/api/commands/${theirs.id}`, as: 'mod', status: 404 },
    ],
    updateCommand: [
      { path: c, body: { description: 'still says hi' }, as: 'mod', status: 200 },
      { path: c, body: {}, status: 422, invalid: 'body' },
      { path: `/api/commands/${MISSING}`, body: { enabled: false }, status: 404 },
    ],
    deleteCommand: [
      { path: `/api/commands/${doomed.id}`, as: 'mod', status: 204 },
      { path: `/api/commands/${theirs.id}`, as: 'mod', status: 404 },
    ],
    restoreCommand: [
      { path: `/api/commands/${deleted.id}/restore`, status: 200 },
      { path: `/api/commands/${MISSING}/restore`, status: 404 },
    ],
    listCommandVersions: [
      { path: `${c}/versions`, query: { limit: '5' }, status: 200 },
      { path: `${c}/versions`, query: { limit: 'five' }, status: 400, invalid: 'query' },
    ],
    restoreCommandVersion: [
      { path: `${c}/versions/1/restore`, status: 200 },
      { path: `${c}/versions/first/restore`, status: 404, invalid: 'path' },
      { path: `${c}/versions/999/restore`, status: 404 },
    ],
    previewCommand: [
      { path: `${c}/preview`, body: { user_id: ada.id, args: 'x' }, as: 'mod', status: 200 },
      { path: `${c}/preview`, body: { user_id: 'ada' }, status: 422, invalid: 'body' },
      { path: `/api/commands/${theirs.id}/preview`, body: { user_id: ada.id }, as: 'mod', status: 404 },
    ],
    getCommandStats: [
      { path: `${c}/stats`, query: { days: '7' }, status: 200 },
      { path: `${c}/stats`, query: { days: '0' }, status: 400, invalid: 'query' },
    ],
    listUnusedCommands: [
      { path: `${g}/commands/unused`, query: { days: '30' }, as: 'mod', status: 200 },
      { path: `${g}/commands/unused`, query: { days: '3651' }, status: 400, invalid: 'query' },
      { path: '/api/guilds/abc/commands/unused', status: 404, invalid: 'path' },
      { path: `/api/guilds/${foreign.id}/commands/unused`, as: 'mod', status: 403 },
    ],
    exportCommands: [
      { path: `${g}/commands/export`, as: 'mod', status: 200 },
      { path: `/api/guilds/${foreign.id}/commands/export`, as: 'mod', status: 403 },
    ],
    importCommands: [
      { path: `${g}/commands/import`, query: { on_conflict: 'skip' }, body: exported, as: 'mod', status: 200 },
      { path: `${g}/commands/import`, query: { on_conflict: 'merge' }, body: exported, status: 400, invalid: 'query' },
      { path: `${g}/commands/import`, body: { ...exported, format: 'csv' }, status: 422, invalid: 'body' },
      { path: `${g}/commands/import`, query: { dry_run: 'false' }, body: exported, status: 409 },
    ],
    listAuditEntries: [
      { path: '/api/audit', query: { guild_id: guild.id }, as: 'mod', status: 200 },
      { path: '/api/audit', query: { guild_id: guild.id, format: 'csv' }, status: 200 },
      { path: '/api/audit', query: { since: 'yesterday' }, status: 400, invalid: 'query' },
    ],
    listLogs: [
      { path: '/api/logs', query: { guild_id: guild.id }, as: 'mod', status: 200 },
      { path: '/api/logs', query: { status: 'fine' }, status: 400, invalid: 'query' },
      { path: '/api/logs', query: { guild_id: foreign.id }, as: 'mod', status: 403 },
    ],
    ingestLogs: [
      { path: '/api/logs', body: { items: [logRow('one')] }, status: 200 },
      { path: '/api/logs', body: { items: [] }, status: 422, invalid: 'body' },
      { path: '/api/logs', body: { items: [logRow('two')] }, as: 'mod', status: 403 },
    ],
    listSchedules: [
      { path: '/api/schedules', query: { guild_id: guild.id }, as: 'mod', status: 200 },
      { path: '/api/schedules', query: { guild_id: 'engines' }, status: 400, invalid: 'query' },
    ],
    createSchedule: [
      { path: '/api/schedules', body: { guild_id: guild.id, channel_id: channelId, content: 'daily', cron: '0 9 * * *', time_zone: 'Europe/Berlin' }, as: 'mod', status: 201 },
      { path: '/api/schedules', body: { guild_id: guild.id, channel_id: channelId, content: 'both', cron: '0 9 * * *', run_at: soon() }, status: 422, invalid: 'body' },
      { path: '/api/schedules', body: { guild_id: guild.id, channel_id: channelId, content: 'x', cron: '0 9 * * *', time_zone: '+02:00' }, status: 422, invalid: 'body' },
      { path: '/api/schedules', body: { guild_id: foreign.id, channel_id: foreign.channels[0]?.id, content: 'x', run_at: soon() }, as: 'mod', status: 403 },
    ],
    getSchedule: [
      { path: `/api/schedules/${schedule.id}`, as: 'mod', status: 200 },
      { path: '/api/schedules/abc', status: 404, invalid: 'path' },
      { path: `/api/schedules/${MISSING}`, status: 404 },
    ],
    deleteSchedule: [
      { path: `/api/schedules/${doomedSchedule.id}`, as: 'mod', status: 204 },
      { path: `/api/schedules/${MISSING}`, status: 404 },
    ],
    listReminders: [
      { path: '/api/reminders', query: { guild_id: guild.id }, as: 'mod', status: 200 },
      { path: '/api/reminders', query: { status: 'done' }, status: 400, invalid: 'query' },
    ],
    revokeUserSessions: [
      { path: `/api/users/${MISSING}/sessions`, status: 200 },
      { path: '/api/users/ada/sessions', status: 404, invalid: 'path' },
      { path: `/api/users/${ada.id}/sessions`, as: 'mod', status: 403 },
    ],
    getGuildStats: [
      { path: '/api/stats', query: { guild_id: guild.id, days: '7' }, as: 'mod', status: 200 },
      { path: '/api/stats', query: { guild_id: guild.id, days: '0' }, status: 400, invalid: 'query' },
      { path: '/api/stats', status: 400, invalid: 'query' },
    ],
    getLeaderboard: [
      { path: '/api/stats/leaderboard', query: { guild_id: guild.id, metric: 'commands' }, status: 200 },
      { path: '/api/stats/leaderboard', query: { guild_id: guild.id, metric: 'reactions' }, status: 400, invalid: 'query' },
    ],
    getUserStats: [
      { path: `/api/stats/users/${ada.id}`, query: { guild_id: guild.id }, as: 'mod', status: 200 },
      { path: '/api/stats/users/ada', query: { guild_id: guild.id }, status: 404, invalid: 'path' },
    ],
    deleteUserStats: [
      { path: `/api/stats/users/${MISSING}`, status: 200 },
      { path: `/api/stats/users/${ada.id}`, as: 'mod', status: 403 },
    ],
    ingestStats: [
      { path: '/api/stats/ingest', body: { items: [delta] }, status: 204 },
      { path: '/api/stats/ingest', body: { items: [{ ...delta, messages: -1 }] }, status: 422, invalid: 'body' },
    ],
    listErrorGroups: [
      { path: '/api/errors', query: { status: 'open' }, status: 200 },
      { path: '/api/errors', query: { status: 'fixed' }, status: 400, invalid: 'query' },
      { path: '/api/errors', as: 'mod', status: 403 },
    ],
    recordError: [
      { path: '/api/errors', body: occurrence, status: 200 },
      { path: '/api/errors', body: { ...occurrence, fingerprint: 'xyz' }, status: 422, invalid: 'body' },
    ],
    resolveErrorGroup: [
      { path: `/api/errors/${group.id}/resolve`, status: 200 },
      { path: '/api/errors/abc/resolve', status: 404, invalid: 'path' },
      { path: `/api/errors/${MISSING}/resolve`, status: 404 },
    ],
    getGuildSettings: [
      { path: `${g}/settings`, as: 'mod', status: 200 },
      { path: `${g}/settings`, as: 'viewer', status: 200 },
      { path: '/api/guilds/abc/settings', status: 404, invalid: 'path' },
      { path: `/api/guilds/${foreign.id}/settings`, as: 'mod', status: 403 },
    ],
    listRoleMenus: [
      { path: `${g}/role-menus`, as: 'viewer', status: 200 },
      { path: '/api/guilds/abc/role-menus', status: 404, invalid: 'path' },
      { path: `/api/guilds/${foreign.id}/role-menus`, as: 'mod', status: 403 },
    ],
    createRoleMenu: [
      { path: `${g}/role-menus`, body: menuBody, as: 'mod', status: 201 },
      { path: `${g}/role-menus`, body: { ...menuBody, style: 'grid' }, status: 422, invalid: 'body' },
      { path: `${g}/role-menus`, body: { ...menuBody, options: [{ role_id: BOT_ROLE, label: 'Mine' }] }, status: 422 },
      { path: `${g}/role-menus`, body: menuBody, as: 'viewer', status: 403 },
    ],
    getRoleMenu: [
      { path: `${g}/role-menus/${menu.id}`, as: 'viewer', status: 200 },
      { path: `${g}/role-menus/abc`, status: 404, invalid: 'path' },
      { path: `${g}/role-menus/${MISSING}`, status: 404 },
    ],
    updateRoleMenu: [
      { path: `${g}/role-menus/${menu.id}`, body: { content: 'Pick again' }, as: 'mod', status: 200 },
      { path: `${g}/role-menus/${menu.id}`, body: {}, status: 422, invalid: 'body' },
      { path: `${g}/role-menus/${MISSING}`, body: { content: 'x' }, status: 404 },
    ],
    deleteRoleMenu: [
      { path: `${g}/role-menus/${doomedMenu.id}`, status: 204 },
      { path: `${g}/role-menus/${MISSING}`, status: 404 },
    ],
    listModules: [
      { path: '/api/modules', as: 'mod', status: 200 },
      { path: '/api/modules', as: 'nobody', status: 401 },
    ],
    listGuildModules: [
      { path: `${g}/modules`, as: 'viewer', status: 200 },
      { path: '/api/guilds/abc/modules', status: 404, invalid: 'path' },
      { path: `/api/guilds/${foreign.id}/modules`, as: 'mod', status: 403 },
    ],
    updateGuildModule: [
      { path: `${g}/modules/stats`, body: { version: 0, enabled: false }, as: 'mod', status: 200 },
      { path: `${g}/modules/stats`, body: { version: 0, enabled: true }, status: 409 },
      { path: `${g}/modules/stats`, body: { version: 1, enabled: true }, as: 'viewer', status: 403 },
      { path: `${g}/modules/stats`, body: { version: 1 }, status: 422, invalid: 'body' },
      { path: `${g}/modules/nope`, body: { version: 0, enabled: true }, status: 404 },
      { path: '/api/guilds/abc/modules/stats', body: { version: 0, enabled: true }, status: 404, invalid: 'path' },
    ],
    deleteUserData: [
      { path: `/api/users/${MISSING}/data`, status: 200 },
      { path: `/api/users/${ada.id}/data`, as: 'mod', status: 403 },
    ],
    createCase: [
      { path: `${g}/cases`, body: { action: 'warn', user_id: vera.id, reason: 'first' }, as: 'mod', status: 201 },
      { path: `${g}/cases`, body: { action: 'warn', user_id: vera.id }, status: 201 },
      { path: `${g}/cases`, body: { action: 'warn', user_id: ada.id }, status: 403 },
      { path: `${g}/cases`, body: { action: 'warn', user_id: ada.id }, as: 'viewer', status: 403 },
      { path: `${g}/cases`, body: { action: 'timeout', user_id: vera.id, duration: 'soon' }, status: 422 },
      { path: `${g}/cases`, body: { action: 'nuke', user_id: vera.id }, status: 422, invalid: 'body' },
      { path: `${g}/cases`, body: { action: 'warn', user_id: MISSING }, status: 404 },
    ],
    listCases: [
      { path: `${g}/cases`, query: { action: 'warn', limit: '1' }, as: 'viewer', status: 200 },
      { path: `${g}/cases`, query: { since: 'yesterday' }, status: 400, invalid: 'query' },
      { path: `/api/guilds/${foreign.id}/cases`, as: 'mod', status: 403 },
    ],
    countMemberCases: [
      { path: `${g}/cases/counts`, query: { user_id: vera.id }, as: 'viewer', status: 200 },
      { path: `${g}/cases/counts`, query: { user_id: 'vera' }, status: 400, invalid: 'query' },
      { path: `/api/guilds/${foreign.id}/cases/counts`, query: { user_id: vera.id }, as: 'mod', status: 403 },
    ],
    listEventLogEntries: [
      { path: `${g}/events`, query: { kind: 'member', limit: '1' }, as: 'viewer', status: 200 },
      { path: `${g}/events`, query: { kind: 'nope' }, status: 400, invalid: 'query' },
      { path: `/api/guilds/${foreign.id}/events`, as: 'mod', status: 403 },
    ],
    listEventLogChannelFaults: [
      { path: `${g}/events/faults`, as: 'viewer', status: 200 },
      { path: `/api/guilds/${foreign.id}/events/faults`, as: 'mod', status: 403 },
    ],
    getCase: [
      { path: `${g}/cases/1`, as: 'viewer', status: 200 },
      { path: `${g}/cases/99`, status: 404 },
      { path: `${g}/cases/first`, status: 404, invalid: 'path' },
    ],
    updateCase: [
      { path: `${g}/cases/1`, body: { reason: 'changed' }, as: 'mod', status: 200 },
      { path: `${g}/cases/1`, body: { reason: '' }, status: 422, invalid: 'body' },
      { path: `${g}/cases/1`, body: { reason: 'x' }, as: 'viewer', status: 403 },
      { path: `${g}/cases/99`, body: { reason: 'x' }, status: 404 },
    ],
    updateGuildSettings: [
      { path: `${g}/settings`, body: { version: 1, prefix: '?' }, as: 'mod', status: 200 },
      { path: `${g}/settings`, body: { version: 1, prefix: '$' }, status: 409 },
      { path: `${g}/settings`, body: { version: 2, prefix: '$' }, as: 'viewer', status: 403 },
      { path: `${g}/settings`, body: { version: 2, prefix: 'far too long' }, status: 422, invalid: 'body' },
      { path: `${g}/settings`, body: { version: 2 }, status: 422, invalid: 'body' },
      { path: '/api/guilds/abc/settings', body: { version: 1, prefix: '!' }, status: 404, invalid: 'path' },
      { path: `/api/guilds/${foreign.id}/settings`, body: { version: 0, prefix: '!' }, as: 'mod', status: 403 },
    ],
    streamEvents: [{ path: '/api/events', as: 'mod', status: 200 }, { path: '/api/events', as: 'nobody', status: 401 }],
    listGuilds: [{ path: '/api/guilds', as: 'mod', status: 200 }, { path: '/api/guilds', as: 'nobody', status: 401 }],
    listGuildChannels: [
      { path: `${g}/channels`, as: 'mod', status: 200 },
      { path: '/api/guilds/abc/channels', status: 404, invalid: 'path' },
      { path: `/api/guilds/${foreign.id}/channels`, as: 'mod', status: 403 },
    ],
    listGuildRoles: [
      { path: `${g}/roles`, as: 'mod', status: 200 },
      { path: `/api/guilds/${MISSING}/roles`, status: 404 },
    ],
    listGuildMembers: [
      { path: `${g}/members`, query: { query: 'ad' }, as: 'mod', status: 200 },
      { path: `${g}/members`, query: { limit: '0', query: 'ad' }, status: 400, invalid: 'query' },
      { path: `${g}/members`, status: 400 },
    ],
  };

  await t.test('the table covers every operation in the document', () => {
    assert.deepEqual(Object.keys(cases).sort(), contract.operationIds().sort());
  });

  for (const [operationId, calls] of Object.entries(cases)) {
    await t.test(operationId, async () => {
      const located = contract.find(operationId);
      assert.ok(calls.some((call) => call.status < 300) && calls.some((call) => call.status >= 400), 'a valid request and an invalid one');
      for (const call of calls) {
        const name = `${located.method} ${call.path} ${JSON.stringify(call.query ?? {})} as ${call.as ?? 'token'}`;
        const query = call.query ?? {};
        const problems = call.raw ? ['not JSON'] : contract.requestProblems(located, { path: call.path, query, body: call.body });
        if (call.invalid) assert.ok(problems.some((p) => p.startsWith(call.invalid ?? '')), `${name}: the document should find the ${call.invalid} invalid too`);
        else if (!call.raw) assert.deepEqual(problems, [], `${name}: the document should find the request valid`);
        const response = await send(app.url, located.method, call, { mod: cookie, viewer: viewerCookie });
        assert.equal(response.status, call.status, `${name}: ${JSON.stringify(response.body)}`);
        contract.assertResponse(located, response);
      }
    });
  }
});

/** Sends `call`; a stream (Server-Sent Events) is read only up to its headers. */
async function send(base: string, method: string, call: Call, cookies: { mod: string; viewer: string }) {
  const headers: Record<string, string> = {};
  if ((call.as ?? 'token') === 'token') headers.authorization = `Bearer ${TEST_TOKEN}`;
  if (call.as === 'mod' || call.as === 'viewer') Object.assign(headers, { cookie: cookies[call.as], origin: base });
  let body: string | undefined;
  if (call.raw) {
    headers['content-type'] = call.raw.type;
    body = call.raw.text;
  } else if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  const search = call.query ? `?${new URLSearchParams(call.query)}` : '';
  const abort = new AbortController();
  const res = await fetch(`${base}${call.path}${search}`, { method, headers, body, signal: abort.signal });
  const contentType = res.headers.get('content-type');
  if (contentType?.startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status, contentType, body: '' };
  }
  const text = await res.text();
  return { status: res.status, contentType, body: contentType?.includes('json') && text ? JSON.parse(text) : text };
}
