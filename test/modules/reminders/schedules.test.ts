// Scheduled messages through /api/schedules and /schedule: validation, next runs in the zone
// (across a DST change), delivery that pings nobody, and one-off runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { createMovedClock } from '../../support/moved-clock.ts';

test('scheduled messages', async (t) => {
  // Friday 23 October 2026, 12:00 UTC: Berlin leaves summer time on Sunday the 25th.
  const clock = createMovedClock(Date.parse('2026-10-23T12:00:00Z'));
  const world = await startBotApp(t, { clock, env: { REMINDER_POLL_INTERVAL_MS: '100' } });
  const { fake, request, guild, channelId, admin, member } = world;

  await t.test('invalid input is 422 naming each field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ guild_id: guild.id, channel_id: channelId, content: 'x' }, 'cron'],
      [{ guild_id: guild.id, channel_id: channelId, content: 'x', cron: '* * * * * *' }, 'cron'],
      [{ guild_id: guild.id, channel_id: channelId, content: 'x', cron: '0 25 * * *' }, 'cron'],
      [{ guild_id: guild.id, channel_id: channelId, content: 'x', cron: '0 9 * * *', time_zone: 'Mars/Base' }, 'time_zone'],
      [{ guild_id: guild.id, channel_id: channelId, content: 'x', run_at: '2020-01-01T00:00:00Z' }, 'run_at'],
      [{ guild_id: guild.id, channel_id: channelId, content: '' }, 'content'],
    ];
    for (const [body, field] of cases) {
      const response = await request('POST', '/api/schedules', body);
      assert.equal(response.status, 422, JSON.stringify(body));
      assert.ok(response.body.errors.some((e: { field: string }) => e.field === field), JSON.stringify(response.body));
    }
  });

  await t.test('a cron schedule shows its next runs in its zone, across the DST change', async () => {
    const created = await request('POST', '/api/schedules', { guild_id: guild.id, channel_id: channelId, content: 'Standup @everyone', cron: '0 9 * * *', time_zone: 'Europe/Berlin' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.next_runs, ['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
    const { body } = await request('GET', `/api/schedules?guild_id=${guild.id}`);
    assert.equal(body.items.length, 1);
  });

  await t.test('it is sent when due, pinging nobody, and moves to its next run', async () => {
    clock.advance(Date.parse('2026-10-24T07:00:01Z') - clock.now());
    const sent = await fake.waitForMessage((m) => m.body.content === 'Standup @everyone', { timeout: 5_000 });
    assert.deepEqual(sent.body.allowed_mentions, { parse: [] });
    await eventually(async () => {
      const { body } = await request('GET', `/api/schedules?guild_id=${guild.id}`);
      assert.equal(body.items[0].next_runs[0], '2026-10-25T08:00:00.000Z');
      assert.ok(body.items[0].last_sent_at);
    });
  });

  await t.test('/schedule add needs Manage Server; list and remove work', async () => {
    const options = [
      {
        type: 1,
        name: 'add',
        options: [
          { type: 7, name: 'channel', value: channelId },
          { type: 3, name: 'message', value: 'Happy new year!' },
          { type: 3, name: 'at', value: '2027-01-01T00:00:00Z' },
        ],
      },
    ];
    const denied = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: member, name: 'schedule', options } as never);
    const deniedResponse = await fake.waitForInteractionReply(denied.id);
    assert.match(String((deniedResponse.body.data as { content: string }).content), /Manage Server/);
    const added = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'schedule', options } as never);
    const addedResponse = await fake.waitForInteractionReply(added.id);
    const content = String((addedResponse.body.data as { content: string }).content);
    const id = /^Scheduled #(\d+) in <#\d+>\. Next: <t:1798761600:F>/.exec(content)?.[1];
    assert.ok(id, content);

    const listed = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'schedule', options: [{ type: 1, name: 'list' }] } as never);
    const list = await fake.waitForInteractionReply(listed.id);
    assert.match(String((list.body.data as { content: string }).content), new RegExp(`#${id} · <#${channelId}> · once · pending`));

    const removed = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'schedule', options: [{ type: 1, name: 'remove', options: [{ type: 4, name: 'id', value: Number(id) }] }] } as never);
    const removal = await fake.waitForInteractionReply(removed.id);
    assert.equal((removal.body.data as { content: string }).content, `Removed scheduled message #${id}.`);
    assert.equal((await request('GET', `/api/schedules/${id}`)).status, 404);

    const audit = await request('GET', `/api/audit?entity=schedule&entity_id=${id}`);
    assert.deepEqual(
      audit.body.items.map((row: { action: string; source: string; actor_id: string }) => [row.action, row.source, row.actor_id]),
      [
        ['delete', 'discord', admin.id],
        ['create', 'discord', admin.id],
      ],
    );
  });

  await t.test('DELETE /api/schedules/:id removes it', async () => {
    const { body } = await request('GET', `/api/schedules?guild_id=${guild.id}`);
    assert.equal((await request('DELETE', `/api/schedules/${body.items[0].id}`)).status, 204);
    assert.equal((await request('GET', `/api/schedules?guild_id=${guild.id}`)).body.items.length, 0);
    const audit = await request('GET', `/api/audit?entity=schedule&entity_id=${body.items[0].id}&action=delete`);
    assert.equal(audit.body.items.length, 1);
    assert.equal(audit.body.items[0].source, 'api');
  });

  await t.test('the routes are in the OpenAPI document', async () => {
    const { body } = await request('GET', '/api/openapi.json');
    assert.ok(body.paths['/api/schedules']);
    assert.ok(body.paths['/api/reminders']);
  });
});
