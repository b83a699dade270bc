// Two bot processes (two shards, coordinated through Redis) on one database: hundreds of reminders, or
// of scheduled messages, due at the same second are each sent exactly once, whichever process claims them.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { insertReminder } from '../../../src/modules/reminders/reminder-queries.ts';
import { insertSchedule } from '../../../src/modules/reminders/schedule-queries.ts';
import { startTestApp } from '../../support/app.ts';
import { startFakeWorld } from '../../support/bot.ts';
import { createTestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/eventually.ts';
import { isolatedPrefix, REDIS_MISSING, REDIS_URL } from '../../support/redis.ts';
import { onTeardown } from '../../support/teardown.ts';

const COUNT = 300;

test('two processes send each of 300 reminders due at once exactly once', { skip: REDIS_MISSING }, async (t) => {
  const { world, db, dueAt } = await startTwoProcesses(t);
  for (let i = 0; i < COUNT; i++) {
    await insertReminder(
      db.sql,
      {
        user_id: world.member.id,
        guild_id: world.guild.id,
        channel_id: world.channelId,
        source_message_id: null,
        content: `scale ${i}.`,
        due_at: dueAt,
        cron: null,
        time_zone: 'UTC',
        deliver_by_dm: false,
      },
      COUNT,
    );
  }

  await assertEachSentOnce(() => world.fake.sentMessages.filter((m) => String(m.body.content).includes('⏰ scale ')), db, 'reminders');
});

test('two processes send each of 300 scheduled messages due at once exactly once', { skip: REDIS_MISSING }, async (t) => {
  const { world, db, dueAt } = await startTwoProcesses(t);
  for (let i = 0; i < COUNT; i++) {
    await insertSchedule(db.sql, { guild_id: world.guild.id, channel_id: world.channelId, content: `scheduled ${i}.`, cron: null, time_zone: 'UTC', due_at: dueAt, created_by: null });
  }

  await assertEachSentOnce(() => world.fake.sentMessages.filter((m) => String(m.body.content).startsWith('scheduled ')), db, 'scheduled_messages');
});

/** Two bot processes, one shard each, on one database and one Redis; `dueAt` is a whole second a moment away. */
async function startTwoProcesses(t: TestContext) {
  const world = await startFakeWorld();
  onTeardown(t, () => world.fake.close());
  const db = await createTestDatabase(t);
  const env = { ...world.env, REMINDER_POLL_INTERVAL_MS: '200', SHARD_COUNT: '2', DISCORD_GLOBAL_RATE_LIMIT: '100000', REDIS_URL, REDIS_KEY_PREFIX: isolatedPrefix(t) };
  await startTestApp(t, { db, bot: true, env: { ...env, SHARD_IDS: '0' } });
  await startTestApp(t, { db, bot: true, env: { ...env, SHARD_IDS: '1' } });
  return { world, db, dueAt: new Date(Math.ceil((Date.now() + 1_500) / 1_000) * 1_000) };
}

/** Waits for COUNT sends, then checks that none went twice and that nothing in `table` is left unsent. */
async function assertEachSentOnce(sent: () => { body: { content?: unknown } }[], db: Awaited<ReturnType<typeof createTestDatabase>>, table: 'reminders' | 'scheduled_messages') {
  await eventually(() => assert.ok(sent().length >= COUNT, `${sent().length} sent`), 30_000, 100);
  // A moment more: a second send of anything would show up now.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const counts = countByContent(sent());
  assert.equal(counts.size, COUNT);
  assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], `nothing in ${table} sent twice`);
  const [row] = await db.sql<{ pending: number }[]>`select count(*)::int as pending from ${db.sql(table)} where status <> 'sent'`;
  assert.equal(row?.pending, 0, `nothing in ${table} left unsent`);
}

function countByContent(messages: { body: { content?: unknown } }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(String(message.body.content), (counts.get(String(message.body.content)) ?? 0) + 1);
  return counts;
}
