// A reminder set, Concord stopped, started again after its due time: it is sent once, marked late;
// and a reminder claimed by a process killed mid-send is sent by another once the lease runs out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimDueReminders, insertReminder } from '../../../src/modules/reminders/reminder-queries.ts';
import { startTestApp } from '../../support/app.ts';
import { startFakeWorld } from '../../support/bot.ts';
import { createTestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/eventually.ts';
import { createMovedClock } from '../../support/moved-clock.ts';
import { onTeardown } from '../../support/teardown.ts';

const HOUR = 3_600_000;

test('a reminder due while Concord was down is sent once when it is back, marked late', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const db = await createTestDatabase(t);
  const clock = createMovedClock();
  const env = { ...world.env, REMINDER_POLL_INTERVAL_MS: '100' };

  const first = await startTestApp(t, { db, bot: true, clock, env });
  assert.match((await world.say('!remind 1h check the oven')).content, /^Reminder #\d+ set/);
  await first.app.stop();

  clock.advance(3 * HOUR);
  const second = await startTestApp(t, { db, bot: true, clock, env });
  const sent = await world.fake.waitForMessage((m) => String(m.body.content).includes('check the oven'), { timeout: 5_000 });
  assert.match(String(sent.body.content), /late by 2 h( \d+ min)?: Concord was offline when this was due$/);
  const row = await eventually(async () => {
    const { body } = await second.request('GET', `/api/reminders?user_id=${world.member.id}`);
    assert.equal(body.items[0].status, 'sent');
    return body.items[0];
  });
  assert.ok(row.last_late_ms >= 2 * HOUR - 5_000 && row.last_late_ms < 2 * HOUR + 60_000, String(row.last_late_ms));
  // Another look by the scheduler sends nothing more.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(world.fake.sentMessages.filter((m) => String(m.body.content).includes('check the oven')).length, 1);
});

test('a reminder claimed by a process that died is sent once its lease runs out', async (t) => {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const db = await createTestDatabase(t);
  const clock = createMovedClock();
  const reminder = await insertReminder(
    db.sql,
    { user_id: world.member.id, guild_id: world.guild.id, channel_id: world.channelId, source_message_id: null, content: 'orphaned by a crash', due_at: new Date(clock.now()), cron: null, time_zone: 'UTC', deliver_by_dm: false },
    25,
  );
  // What a process does just before it is killed: claim the row for a minute, send nothing.
  assert.equal((await claimDueReminders(db.sql, new Date(clock.now()), 60_000, 10)).length, 1);

  await startTestApp(t, { db, bot: true, clock, env: { ...world.env, REMINDER_POLL_INTERVAL_MS: '100' } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(world.fake.sentMessages.filter((m) => String(m.body.content).includes('orphaned by a crash')).length, 0, 'not while leased');
  clock.advance(61_000);
  await world.fake.waitForMessage((m) => String(m.body.content).includes('orphaned by a crash'), { timeout: 5_000 });
  const row = await eventually(async () => {
    const [found] = await db.sql<{ status: string; attempts: number }[]>`select status, attempts from reminders where id = ${reminder?.id ?? ''}`;
    assert.equal(found?.status, 'sent');
    return found;
  });
  assert.equal(row?.attempts, 0);
  assert.equal(world.fake.sentMessages.filter((m) => String(m.body.content).includes('orphaned by a crash')).length, 1);
});
