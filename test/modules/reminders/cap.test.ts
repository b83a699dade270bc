// REMINDERS_PER_USER holds when a user's reminders arrive at the same moment, each on its own
// database connection (as the bot's event handlers and several processes would send them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import postgres from 'postgres';
import { createReminderService } from '../../../src/modules/reminders/reminder-service.ts';
import { systemClock } from '../../../src/platform/time/clock.ts';
import { createTestDatabase } from '../../support/db.ts';

const CAP = 3;
const USER = '444444444444444444';

test('parallel reminders never take a user past the cap', async (t) => {
  const { url, sql } = await createTestDatabase(t);
  const pool = postgres(url, { max: 10, onnotice: () => {} });
  t.after(() => pool.end({ timeout: 5 }));
  const service = createReminderService(pool, systemClock, { maxPerUser: CAP, maxHorizonMs: 86_400_000 }, () => {});
  const request = (i: number, userId = USER) => ({ userId, guildId: null, channelId: '333333333333333333', sourceMessageId: null, when: '1h', text: `r${i}`, byDm: false });

  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => service.create(request(i))));
  const refused = results.filter((r) => r.status === 'rejected');
  assert.equal(results.length - refused.length, CAP);
  for (const r of refused) assert.equal((r.reason as { code?: string }).code, 'REMINDER_LIMIT');
  const [row] = await sql`select count(*)::int as n from reminders where user_id = ${USER} and status = 'pending'`;
  assert.equal(row?.n, CAP);

  // The lock is per user: someone else is not held up or refused.
  await service.create(request(0, '555555555555555555'));
});
