// Temporary bans end once, on the scheduling engine reminders use (features/scheduling/scheduler.ts):
// any number of processes claim due ends with FOR UPDATE SKIP LOCKED and a lease. An end is one
// transaction: the row marked done, the unban's case, Discord's unban. A process killed before the
// commit leaves the row pending; the next claim unbans again, which Discord answers "Unknown Ban" and
// which counts as done, so the member is unbanned once and the unban has one case.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { type DeliveryQueue, type Scheduler, startScheduler } from '../../features/scheduling/scheduler.ts';
import type { Sql } from '../../platform/db/connect.ts';
import type { Logger } from '../../platform/log.ts';
import { systemClock } from '../../platform/time/clock.ts';
import { insertCase } from './cases.ts';
import { claimDueExpiries, type ExpiryRow, failExpiry, finishExpiry, nextExpiryAt, retryExpiry } from './expiry-queries.ts';
import { auditReason, logCase, type ModerationSettings } from './service.ts';

/** The rule named in the case of a ban that ended on time. */
export const BAN_ENDED_RULE = 'Temporary ban ended';

export interface ExpiryOptions {
  sql: Sql;
  discord: () => API | undefined;
  /** The guild's moderation settings (for the mod log). */
  settingsOf(guildId: string): Promise<ModerationSettings>;
  log: Logger;
  pollIntervalMs: number;
}

/** Starts ending temporary bans in this process; stop it with the returned scheduler. */
export function startExpiries(options: ExpiryOptions): Scheduler {
  const { sql, log } = options;
  const queue: DeliveryQueue<ExpiryRow> = {
    name: 'moderation_expiries',
    claimDue: (now, leaseMs, limit) => claimDueExpiries(sql, now, leaseMs, limit),
    nextDueAt: () => nextExpiryAt(sql),
    send: (row) => endBan(options, row),
    // Each end was recorded in its own transaction (endBan): nothing is left to record.
    markSent: async () => {},
    retry: (id, retryAt, error) => retryExpiry(sql, id, retryAt, error),
    fail: (id, error) => failExpiry(sql, id, error),
  };
  return startScheduler({ queues: [queue as unknown as DeliveryQueue], clock: systemClock, log, pollIntervalMs: options.pollIntervalMs });
}

async function endBan(options: ExpiryOptions, row: ExpiryRow): Promise<void> {
  const discord = options.discord();
  if (!discord) throw new Error('not connected to Discord yet');
  const made = await options.sql.begin(async (tx) => {
    const txSql = tx as unknown as Sql;
    // Another process finished it since this claim (its lease ran out mid-send): nothing to do.
    if (!(await finishExpiry(txSql, row.id, new Date()))) return undefined;
    const c = await insertCase(txSql, {
      guildId: row.guild_id,
      action: 'unban',
      userId: row.user_id,
      moderatorId: null,
      rule: BAN_ENDED_RULE,
      reason: `The temporary ban of case ${row.case_number} ended.`,
    });
    try {
      await discord.guilds.unbanUser(row.guild_id, row.user_id, { reason: auditReason(c) });
    } catch (error) {
      // Unbanned already: by a process killed before its commit, or by hand in Discord.
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownBan)) throw error;
    }
    return c;
  });
  if (made) await logCase({ settings: await options.settingsOf(row.guild_id), log: options.log }, options.sql, discord, made);
}
