// Autoroles that wait out autorole_delay_seconds, on the scheduling engine reminders use
// (features/scheduling/scheduler.ts), so a restart meanwhile loses none: any number of processes claim
// due rows with FOR UPDATE SKIP LOCKED and a lease. A grant is one transaction: the row marked done,
// then the roles given; a failure rolls the mark back for a retry. Giving a role is idempotent at
// Discord, so a process killed between the requests and the commit repeats them harmlessly.
import type { API } from '@discordjs/core';
import type { RoleChecks } from '../../features/roles/assignable.ts';
import { type DeliveryQueue, type DueRow, type Scheduler, startScheduler } from '../../features/scheduling/scheduler.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import type { Logger } from '../../platform/log.ts';
import { systemClock } from '../../platform/time/clock.ts';
import text from './autoroles.sql';
import { AUTOROLE_REASON, giveRoles } from './roles.ts';

const Q = namedQueries(text, ['schedule', 'cancel', 'claimDue', 'nextDueAt', 'finish', 'retry', 'fail', 'deleteUser']);

interface DelayedRow extends DueRow {
  guild_id: string;
  user_id: string;
  role_ids: string[];
}

export interface DelayedAutorolesOptions {
  sql: Sql;
  discord: () => API | undefined;
  checks: RoleChecks;
  log: Logger;
  pollIntervalMs: number;
}

/** Starts giving due delayed autoroles in this process; stop it with the returned scheduler. */
export function startDelayedAutoroles(options: DelayedAutorolesOptions): Scheduler {
  const { sql, log } = options;
  const queue: DeliveryQueue<DelayedRow> = {
    name: 'welcome_autoroles',
    claimDue: (now, leaseMs, limit) => many<DelayedRow>(sql, Q.claimDue, [now, leaseMs, limit]),
    nextDueAt: async () => (await one<{ at: Date | null }>(sql, Q.nextDueAt))?.at ?? null,
    send: (row) => giveDue(options, row),
    // Each grant was recorded in its own transaction (giveDue): nothing is left to record.
    markSent: async () => {},
    retry: async (id, retryAt, error) => void (await exec(sql, Q.retry, [id, retryAt, error])),
    fail: async (id, error) => void (await exec(sql, Q.fail, [id, error])),
  };
  return startScheduler({ queues: [queue as unknown as DeliveryQueue], clock: systemClock, log, pollIntervalMs: options.pollIntervalMs });
}

/** Records a member's autoroles as due at `dueAt`; the one pending row per member is replaced. */
export async function scheduleDelayedAutoroles(sql: Sql, a: { guildId: string; userId: string; roleIds: readonly string[]; dueAt: Date }): Promise<void> {
  await exec(sql, Q.schedule, [a.guildId, a.userId, a.roleIds, a.dueAt]);
}

export async function cancelDelayedAutoroles(sql: Sql, guildId: string, userId: string): Promise<void> {
  await exec(sql, Q.cancel, [guildId, userId]);
}

export function deleteUserDelayedAutoroles(sql: Sql, userId: string): Promise<number> {
  return exec(sql, Q.deleteUser, [userId]);
}

async function giveDue(options: DelayedAutorolesOptions, row: DelayedRow): Promise<void> {
  const api = options.discord();
  if (!api) throw new Error('not connected to Discord yet');
  await options.sql.begin(async (tx) => {
    const txSql = tx as unknown as Sql;
    // Another process gave them since this claim (its lease ran out mid-grant): nothing to do.
    if ((await exec(txSql, Q.finish, [row.id, new Date()])) === 0) return;
    // Their roles now are not known here; Discord answers a role already held with success.
    await giveRoles({ api, checks: options.checks, log: options.log, guildId: row.guild_id, userId: row.user_id, held: [], roleIds: row.role_ids, reason: AUTOROLE_REASON, warn: true });
  });
}
